package dev.internvillage.events;

import jakarta.servlet.ServletOutputStream;
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
final class DirectSocket {

    private final SocketChannel channel;
    private final NioEndpoint.NioSocketWrapper wrapper;

    private DirectSocket(SocketChannel channel, NioEndpoint.NioSocketWrapper wrapper) {
        this.channel = channel;
        this.wrapper = wrapper;
    }

    /** The socket under {@code upgradedOut}, if it is a plain NIO socket; null otherwise. */
    static @Nullable DirectSocket of(ServletOutputStream upgradedOut) {
        SocketWrapperBase<?> wrapper = ClosingDispatch.socketOf(upgradedOut);
        if (wrapper instanceof NioEndpoint.NioSocketWrapper nio) {
            NioChannel socket = nio.getSocket();
            if (socket != null && socket.getClass() == NioChannel.class) {
                return new DirectSocket(socket.getIOChannel(), nio);
            }
        }
        return null;
    }

    /** Writes what the socket takes now, without waiting; true if it took all of {@code bytes}. */
    boolean write(ByteBuffer bytes) throws IOException {
        channel.write(bytes);
        return !bytes.hasRemaining();
    }

    /**
     * Asks the poller for {@code onWritePossible} once the socket can take more. The container's
     * write timeout counts from now, as it would from its own last write.
     */
    void awaitWritable() {
        wrapper.updateLastWrite();
        wrapper.registerWriteInterest();
    }
}
