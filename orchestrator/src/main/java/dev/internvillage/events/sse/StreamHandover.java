package dev.internvillage.events.sse;

import dev.internvillage.events.hub.Subscriber;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The part every stream shares once its checks have passed and it has joined the hub: the snapshot
 * it starts from, the response headers, and handing the connection over ({@link StreamSockets}) to the
 * {@link StreamStarter}. From then on no request timeout applies.
 */
@Component
class StreamHandover {

    private static final Logger log = LoggerFactory.getLogger(StreamHandover.class);

    private final StreamStarter starter;
    private final StreamSockets sockets;

    StreamHandover(StreamStarter starter, StreamSockets sockets) {
        this.starter = starter;
        this.sockets = sockets;
    }

    /** Where a client asked to resume: its {@code Last-Event-ID}, or null; a bad one is replayed as a resync. */
    record Resume(@Nullable Long from, boolean bad) {

        static Resume of(HttpServletRequest request) {
            String lastEventId = request.getHeader("Last-Event-ID");
            if (lastEventId == null || lastEventId.isBlank()) {
                return new Resume(null, false);
            }
            try {
                return new Resume(Long.parseLong(lastEventId.trim()), false);
            } catch (NumberFormatException e) {
                return new Resume(0L, true);
            }
        }
    }

    /** What a stream starts from: the log head its live events follow, and its {@code connected} data. */
    record Snapshot(long head, Object connected) {}

    /**
     * Takes the snapshot (after joining the hub, so anything committed later arrives live), sends the
     * headers and hands the connection over. If the client is gone or anything fails, the
     * subscriber is released.
     */
    void begin(
            HttpServletRequest request,
            HttpServletResponse response,
            Subscriber connection,
            Resume resume,
            Supplier<Snapshot> snapshot) {
        try {
            Snapshot start = snapshot.get();
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache, no-transform");
            response.setHeader("X-Accel-Buffering", "no");
            // the body runs until the server closes the connection: no chunked coding, no keep-alive
            response.setHeader("Connection", "close");
            StreamStarter.Start begin =
                    new StreamStarter.Start(start.head(), resume.from(), resume.bad(), start.connected());
            sockets.takeOver(
                    request,
                    response,
                    socket -> starter.start(connection, begin, socket),
                    () -> connection.close("client gone"));
        } catch (IOException e) {
            starter.ended(connection); // the client went away before its headers were out
        } catch (ServletException | RuntimeException e) {
            starter.ended(connection);
            log.warn("Event stream {} of {} failed to start", connection.id, connection.scope, e);
        }
    }
}
