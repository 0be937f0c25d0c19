package dev.internvillage.events.sse.tomcat;

import jakarta.servlet.ServletOutputStream;
import java.lang.reflect.Field;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Tomcat close an upgraded connection that was closed from a thread of ours. Tomcat closes the
 * socket of an upgraded connection only when it next processes an event for it and finds both of
 * its streams closed; a stream ended by its timeout, or closed as too slow, has no such event coming
 * (its client is idle and waiting), so the client would never see the end and never reconnect. This
 * queues the event Tomcat's poller would queue when the socket becomes writable. The socket wrapper
 * is not public API, hence the reflection; if it ever fails, the socket still closes at the client's
 * next move (it reads, writes or goes away), and the failure is logged once. {@link DirectSocket}
 * reaches the socket the same way.
 */
final class ClosingDispatch {

    private static final Logger log = LoggerFactory.getLogger(ClosingDispatch.class);
    private static volatile boolean warned;

    private ClosingDispatch() {}

    static void request(ServletOutputStream upgradedOut) {
        SocketWrapperBase<?> socket = socketOf(upgradedOut);
        if (socket != null && !socket.isClosed()) {
            socket.processSocket(SocketEvent.OPEN_WRITE, true);
        }
    }

    /**
     * The container's wrapper of an upgraded stream's socket, or null if it cannot be reached (the
     * first failure is logged).
     */
    static @Nullable SocketWrapperBase<?> socketOf(ServletOutputStream upgradedOut) {
        try {
            for (Class<?> type = upgradedOut.getClass(); type != null; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (SocketWrapperBase.class.isAssignableFrom(field.getType())) {
                        field.setAccessible(true);
                        return (SocketWrapperBase<?>) field.get(upgradedOut);
                    }
                }
            }
            throw new NoSuchFieldException("no socket wrapper in " + upgradedOut.getClass());
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("Cannot reach the socket of an upgraded event stream", e);
            }
            return null;
        }
    }
}
