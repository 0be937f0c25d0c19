package dev.internvillage.events.sse;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;

/**
 * A stream written through the servlet container's non-blocking output stream: a write or flush
 * is allowed only right after {@code isReady()} said yes, and what the socket cannot take the
 * container keeps and sends itself, calling {@code onWritePossible} when it is done.
 */
public final class ServletStreamSocket implements StreamSocket {

    private final WebConnection connection;
    private final ServletOutputStream out;
    private final Runnable afterClose;
    private boolean unflushed;

    /** {@code afterClose} makes the container notice the close (see {@link #close}). */
    public ServletStreamSocket(WebConnection connection, Runnable afterClose) throws IOException {
        this.connection = connection;
        this.out = connection.getOutputStream();
        this.afterClose = afterClose;
    }

    @Override
    public boolean drained() {
        return out.isReady();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        unflushed = true;
    }

    @Override
    public void flush() throws IOException {
        if (unflushed) {
            unflushed = false;
            // if the socket cannot take it all, the container keeps the rest and calls
            // onWritePossible once it has written it; new work meanwhile finds drained() false
            out.flush();
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            // already closed
        }
        afterClose.run();
    }
}
