package dev.internvillage.events.sse.tomcat;

import dev.internvillage.events.sse.StreamSocket;
import dev.internvillage.events.sse.StreamSockets;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Stream connections on Tomcat: taken over with a servlet upgrade whose handler is one of Tomcat's
 * in-container protocols ({@link StreamUpgrade}), like its WebSocket support. Everything of the
 * event stream that knows Tomcat's types is in this package.
 */
@Component
class TomcatStreamSockets implements StreamSockets {

    @Override
    public void takeOver(
            HttpServletRequest request, HttpServletResponse response, Consumer<StreamSocket> start, Runnable lost)
            throws IOException, ServletException {
        StreamUpgrade upgrade = request.upgrade(StreamUpgrade.class);
        upgrade.then(start, lost);
        response.setStatus(200); // upgrade() presets 101; this response stays a plain 200 stream
        response.flushBuffer(); // the headers now, with no length: the body is read until the close
    }
}
