package dev.internvillage.events.sse;

import java.io.IOException;

/**
 * The connection a stream writes its bytes to. Its beginning is written blocking; after {@link
 * #listen}, every write is non-blocking: what the socket cannot take at once is kept and finished
 * later, {@link #drained} says no until it is, and {@link Events#writable} is called once the socket
 * can take more. How the bytes reach the socket is the container's business and lives behind this
 * interface.
 */
public interface StreamSocket {

    /** What the socket tells its stream, on a container thread. */
    interface Events {

        /** The socket can take more after {@link #drained} said no. */
        void writable();

        /** The client closed its side or the connection failed: the stream should end. */
        void clientGone();
    }

    /** Writes {@code length} bytes of {@code bytes} from {@code offset}, waiting until the socket has taken them. */
    void writeBlocking(byte[] bytes, int offset, int length) throws IOException;

    /** From now on writes do not block, and {@code events} is told when to write more or stop. */
    void listen(Events events);

    /** Whether everything written so far has gone out, so that more may be written now. */
    boolean drained() throws IOException;

    /** Writes {@code bytes} without waiting; only after {@link #drained} said yes. */
    void write(byte[] bytes) throws IOException;

    /** There is nothing more to write for now: pushes out whatever a write held back. */
    void flush() throws IOException;

    /** Ends the connection, from any thread, so the client sees the end even if it is idle and waiting. */
    void close();
}
