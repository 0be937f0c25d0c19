package dev.internvillage.events.sse.tomcat;

import dev.internvillage.events.sse.StreamSocket;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * The plain TCP socket under an upgraded stream, written directly. Through the servlet stream each
 * delivery costs two {@code isReady} calls, a write and a flush, each taking the container's locks
 * on its own buffers; at 100,000 deliveries a second that was about half as much CPU again as the
 * system calls themselves. A stream writes here only while the container holds none of its bytes:
 * after the blocking writes of its beginning, and never through the servlet stream again. When the socket
 * cannot take all of a write, the stream keeps the rest and asks the container's poller to tell it
 * (through {@code onWritePossible}) once the socket can take more.
 *
 * <p>Not for TLS (the bytes must go through the container's encryption) or another connector: then
 * {@link #of} gives null and the stream writes through the servlet stream.
 */
final class DirectSocket implements StreamSocket {

    private final WebConnection connection;
    private final ServletOutputStream upgradedOut;
    private final SocketChannel channel;
    private final NioEndpoint.NioSocketWrapper wrapper;
    private @Nullable ByteBuffer pending; // the rest of a write the socket could not take at once

    private DirectSocket(
            WebConnection connection,
            ServletOutputStream upgradedOut,
            SocketChannel channel,
            NioEndpoint.NioSocketWrapper wrapper) {
        this.connection = connection;
        this.upgradedOut = upgradedOut;
        this.channel = channel;
        this.wrapper = wrapper;
    }

    /** The socket under {@code connection}, if it is a plain NIO socket; null otherwise. */
    static @Nullable DirectSocket of(WebConnection connection) throws IOException {
        ServletOutputStream upgradedOut = connection.getOutputStream();
        SocketWrapperBase<?> wrapper = ClosingDispatch.socketOf(upgradedOut);
        if (wrapper instanceof NioEndpoint.NioSocketWrapper nio) {
            NioChannel socket = nio.getSocket();
            if (socket != null && socket.getClass() == NioChannel.class) {
                return new DirectSocket(connection, upgradedOut, socket.getIOChannel(), nio);
            }
        }
        return null;
    }

    /** Writes what the socket takes of {@code bytes} now, without waiting; {@link #drained} sends the rest. */
    @Override
    public void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        channel.write(buffer);
        if (buffer.hasRemaining()) {
            pending = buffer;
        }
    }

    /**
     * Whether the socket has taken everything written so far, after trying once more. If not, the
     * poller is asked for {@code onWritePossible} once the socket can take more; the container's write
     * timeout counts from now, as it would from its own last write.
     */
    @Override
    public boolean drained() throws IOException {
        if (pending == null) {
            return true;
        }
        channel.write(pending);
        if (pending.hasRemaining()) {
            wrapper.updateLastWrite();
            wrapper.registerWriteInterest();
            return false;
        }
        pending = null;
        return true;
    }

    /** Every write went to the socket already. */
    @Override
    public void flush() {}

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            // already closed
        }
        ClosingDispatch.request(upgradedOut);
    }

    @Override
    public boolean writesDirectly() {
        return true;
    }
}
