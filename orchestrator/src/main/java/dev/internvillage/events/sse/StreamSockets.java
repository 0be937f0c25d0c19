package dev.internvillage.events.sse;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Consumer;

/** Takes a stream's connection over from the HTTP processor; the container decides how. */
public interface StreamSockets {

    /**
     * Sends the response's headers (status 200, no length: the body runs until the server closes the
     * connection) and takes the connection over once the request has returned: {@code start} then
     * gets its {@link StreamSocket}, on a container thread. {@code lost} runs if the container lets
     * go of the connection (the client went away, or the server stops).
     */
    void takeOver(HttpServletRequest request, HttpServletResponse response, Consumer<StreamSocket> start, Runnable lost)
            throws IOException, ServletException;
}
