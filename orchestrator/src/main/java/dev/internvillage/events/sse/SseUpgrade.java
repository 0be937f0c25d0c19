package dev.internvillage.events.sse;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Takes a stream's connection over from the HTTP processor once its response headers are out.
 * The stream is an ordinary {@code 200 text/event-stream} response, read by the client until the
 * connection closes; taking it over this way lets the container recycle the request's processor
 * and its buffers (about 90 KB) at once instead of holding them for the stream's whole life, and
 * leaves the bytes of each event to go straight to the socket. Public with a public constructor
 * because the container creates it.
 */
public final class SseUpgrade implements HttpUpgradeHandler {

    private volatile @Nullable Consumer<WebConnection> onInit;
    private volatile @Nullable Runnable onDestroy;

    public SseUpgrade() {
        // created by the container
    }

    /** What to do with the connection once it is handed over, and when the container lets go of it. */
    void then(Consumer<WebConnection> init, Runnable destroy) {
        this.onInit = init;
        this.onDestroy = destroy;
    }

    @Override
    public void init(WebConnection connection) {
        Consumer<WebConnection> init = onInit;
        if (init != null) {
            init.accept(connection);
        }
    }

    @Override
    public void destroy() {
        Runnable destroy = onDestroy;
        if (destroy != null) {
            destroy.run();
        }
    }
}
