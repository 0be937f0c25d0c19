package dev.internvillage.events.sse;

import jakarta.servlet.http.WebConnection;
import java.io.IOException;

/** Makes the {@link StreamSocket} of an upgraded stream connection; the container decides how. */
public interface StreamSockets {

    /**
     * The socket of {@code connection}, whose beginning has been written and flushed. With {@code
     * direct}, the socket is written without the servlet stream where the connection allows it.
     */
    StreamSocket open(WebConnection connection, boolean direct) throws IOException;
}
