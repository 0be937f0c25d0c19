package dev.internvillage.events.sse;

import java.io.IOException;

/**
 * The connection a stream writes its bytes to, without blocking. A write that the socket cannot
 * take at once is kept and finished later; until it is, {@link #drained} says no, and the stream's
 * {@code onWritePossible} is called once the socket can take more. How the bytes reach the socket
 * is the container's business and lives behind this interface.
 */
public interface StreamSocket {

    /** Whether everything written so far has gone out, so that more may be written now. */
    boolean drained() throws IOException;

    /** Writes {@code bytes}; only after {@link #drained} said yes. */
    void write(byte[] bytes) throws IOException;

    /** There is nothing more to write for now: pushes out whatever a write held back. */
    void flush() throws IOException;

    /** Ends the connection, so the client sees the end even if it is idle and waiting. */
    void close();

    /** Whether the bytes go to the socket itself rather than through the servlet stream (for metrics). */
    default boolean writesDirectly() {
        return false;
    }
}
