package dev.internvillage.events.sse.tomcat;

import dev.internvillage.events.sse.ServletStreamSocket;
import dev.internvillage.events.sse.StreamSocket;
import dev.internvillage.events.sse.StreamSockets;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * Stream sockets on Tomcat: straight to the NIO socket where it is a plain TCP one ({@link
 * DirectSocket}), else through the servlet stream; either way a close is made visible to Tomcat
 * ({@link ClosingDispatch}). Everything of the event stream that knows Tomcat's internals is in
 * this package.
 */
@Component
class TomcatStreamSockets implements StreamSockets {

    @Override
    public StreamSocket open(WebConnection connection, boolean direct) throws IOException {
        if (direct) {
            DirectSocket socket = DirectSocket.of(connection);
            if (socket != null) {
                return socket;
            }
        }
        ServletOutputStream out = connection.getOutputStream();
        return new ServletStreamSocket(connection, () -> ClosingDispatch.request(out));
    }
}
