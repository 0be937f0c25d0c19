package dev.internvillage.events.sse.tomcat;

import dev.internvillage.events.sse.StreamSocket;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * A stream's connection once its response headers are out: the request's processor and its buffers
 * are recycled at once instead of being held for the stream's whole life, and the stream writes to
 * the connection's socket wrapper, which Tomcat hands to an in-container protocol through {@link
 * InternalHttpUpgradeHandler} (the interface its own WebSocket support implements), so no
 * reflection is involved. A plain servlet upgrade offers no way to close the connection from
 * another thread so that Tomcat notices (it looks again only when the idle client moves), and a
 * stream ended by the server (its timeout, a client too slow, its project deleted) must end at
 * once. Closing the wrapper does that from any thread, and releases this handler.
 *
 * <p>Tomcat calls {@link #upgradeDispatch} holding the wrapper's lock; the stream's own writes take
 * the same lock, so they never interleave with Tomcat's use of the wrapper. Public with a public
 * constructor because the container creates it.
 */
public final class StreamUpgrade implements InternalHttpUpgradeHandler, StreamSocket {

    private volatile @Nullable SocketWrapperBase<?> wrapper;
    private volatile @Nullable Consumer<StreamSocket> onStart;
    private volatile @Nullable Runnable onLost;
    private volatile @Nullable Events events;
    private boolean awaitingWrite; // guarded by the wrapper's lock: write interest is registered

    public StreamUpgrade() {
        // created by the container
    }

    /** What to do once the connection is handed over, and when the container lets go of it. */
    void then(Consumer<StreamSocket> start, Runnable lost) {
        this.onStart = start;
        this.onLost = lost;
    }

    @Override
    public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
        this.wrapper = wrapper;
        // The wrapper still points at the input buffer of the HTTP processor that parsed the request,
        // and through it at that processor, its request, response and buffers, although the processor
        // has been recycled and serves other requests: every processor that ever served a stream's
        // request stayed reachable for as long as any of those streams was open (about as many
        // processors as requests were in flight at the peak of a reconnect storm). The stream reads
        // only into its own buffer, so it needs no application buffer handler.
        wrapper.setAppReadBufHandler(ApplicationBufferHandler.EMPTY);
    }

    @Override
    public void init(WebConnection connection) {
        Consumer<StreamSocket> start = onStart;
        if (start != null) {
            start.accept(this);
        }
    }

    @Override
    public SocketState upgradeDispatch(SocketEvent status) {
        switch (status) {
            case OPEN_READ -> {
                return readAndDiscard();
            }
            case OPEN_WRITE -> {
                awaitingWrite = false;
                Events listener = events;
                if (listener != null) {
                    listener.writable();
                }
                return SocketState.UPGRADED;
            }
            default -> {
                gone();
                return SocketState.CLOSED;
            }
        }
    }

    /** A client sends nothing after its request: whatever comes is dropped; its end ends the stream. */
    private SocketState readAndDiscard() {
        SocketWrapperBase<?> socket = wrapper;
        if (socket == null) {
            return SocketState.CLOSED;
        }
        ByteBuffer discard = ByteBuffer.allocate(256);
        try {
            int read;
            do {
                discard.clear();
                read = socket.read(false, discard);
            } while (read > 0);
            if (read < 0) {
                gone();
                return SocketState.CLOSED;
            }
            return SocketState.UPGRADED; // Tomcat registers read interest again
        } catch (IOException e) {
            gone();
            return SocketState.CLOSED;
        }
    }

    private void gone() {
        Events listener = events;
        if (listener != null) {
            listener.clientGone();
        }
    }

    @Override
    public void writeBlocking(byte[] bytes, int offset, int length) throws IOException {
        SocketWrapperBase<?> socket = socket();
        ReentrantLock lock = socket.getLock();
        lock.lock();
        try {
            socket.write(true, bytes, offset, length);
            socket.flush(true);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void listen(Events events) {
        this.events = events;
    }

    /**
     * Whether the socket has taken everything written so far, after trying once more. If not, Tomcat
     * is asked to dispatch {@code OPEN_WRITE} once the socket can take more.
     */
    @Override
    public boolean drained() throws IOException {
        SocketWrapperBase<?> socket = socket();
        ReentrantLock lock = socket.getLock();
        lock.lock();
        try {
            if (awaitingWrite) {
                return false;
            }
            if (socket.flush(false)) {
                awaitWrite(socket);
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what the socket takes now; Tomcat keeps the rest until a later flush. */
    @Override
    public void write(byte[] bytes) throws IOException {
        SocketWrapperBase<?> socket = socket();
        ReentrantLock lock = socket.getLock();
        lock.lock();
        try {
            socket.write(false, bytes, 0, bytes.length);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() throws IOException {
        SocketWrapperBase<?> socket = socket();
        ReentrantLock lock = socket.getLock();
        lock.lock();
        try {
            if (socket.flush(false) && !awaitingWrite) {
                awaitWrite(socket);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Registers write interest once (a second registration would dispatch twice). */
    private void awaitWrite(SocketWrapperBase<?> socket) {
        awaitingWrite = true;
        socket.registerWriteInterest();
    }

    @Override
    public void close() {
        SocketWrapperBase<?> socket = wrapper;
        if (socket != null) {
            socket.close();
        }
    }

    private SocketWrapperBase<?> socket() throws IOException {
        SocketWrapperBase<?> socket = wrapper;
        if (socket == null || socket.isClosed()) {
            throw new IOException("the stream's connection is closed");
        }
        return socket;
    }

    @Override
    public void destroy() {
        Runnable lost = onLost;
        if (lost != null) {
            lost.run();
        }
    }

    @Override
    public void timeoutAsync(long now) {
        // the stream keeps its own timeout
    }

    @Override
    public void setSslSupport(SSLSupport sslSupport) {
        // TLS, if any, is below the wrapper: nothing here depends on it
    }

    @Override
    public void pause() {
        // the hub ends every stream when the server stops
    }
}
