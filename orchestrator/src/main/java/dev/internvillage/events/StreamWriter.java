package dev.internvillage.events;

import dev.internvillage.runlog.LogIndexes;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts each stream once its connection is handed over ({@link SseUpgrade}): it writes {@code
 * retry}, {@code connected} and the replay from the event log, then switches the connection to
 * non-blocking mode and hands the rest to an {@link SseStream}, which needs no thread of its own.
 * One timer thread sends the heartbeats that keep idle streams alive and ends streams after {@code
 * SSE_CONNECTION_TIMEOUT_M}.
 */
@Component
class StreamWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);
    private static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);

    private final EventLogRepository eventLog;
    private final EventMetrics metrics;
    private final EventsProperties properties;
    private final JsonMapper json;
    private final LogIndexes logIndexes;
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService continuations = Executors.newVirtualThreadPerTaskExecutor();
    private final EventHub hub;

    StreamWriter(
            EventLogRepository eventLog,
            EventMetrics metrics,
            EventsProperties properties,
            JsonMapper json,
            LogIndexes logIndexes,
            EventHub hub) {
        this.eventLog = eventLog;
        this.logIndexes = logIndexes;
        this.metrics = metrics;
        this.properties = properties;
        this.json = json;
        this.hub = hub;
        this.timers = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("sse-timers").daemon().factory());
        this.timers.setRemoveOnCancelPolicy(true);
    }

    /**
     * Where a stream starts: {@code head} is the log position its live events follow; {@code resumeFrom}
     * is the client's Last-Event-ID (null for a fresh stream).
     */
    record Start(long head, @Nullable Long resumeFrom, boolean badCursor, Object connectedData) {}

    /**
     * Writes the stream's beginning on the upgraded connection and hands it over to non-blocking
     * writes. If the client is already gone, the connection is closed and the hub told.
     */
    void start(Connection connection, Start start, WebConnection socket) {
        try {
            ServletOutputStream out = socket.getOutputStream();
            out.write(RETRY);
            long cursor;
            if (start.resumeFrom() == null) {
                cursor = start.head();
                out.write(frame(EventPayloads.CONNECTED, cursor, start.connectedData()));
            } else {
                long from = start.resumeFrom();
                out.write(frame(EventPayloads.CONNECTED, from, start.connectedData()));
                cursor = start.badCursor() ? -1 : replay(connection, out, from, start.head());
                if (cursor < 0) {
                    cursor = start.head();
                    metrics.resyncs.increment();
                    out.write(frame(
                            EventPayloads.RESYNC,
                            cursor,
                            new EventPayloads.Resync(
                                    "the events after " + from + " can no longer be replayed; refetch")));
                }
            }
            out.flush();

            // the container's buffers are empty now: the blocking writes above have all gone out
            DirectSocket direct = properties.directSocketWrites() ? DirectSocket.of(out) : null;
            SseStream stream = new SseStream(connection, socket, direct, this, cursor);
            (direct != null ? metrics.directStreams : metrics.servletStreams).increment();
            out.setWriteListener(stream);
            socket.getInputStream().setReadListener(stream);
            long beat = properties.heartbeat().toNanos();
            stream.timers(
                    timers.scheduleAtFixedRate(
                            () -> connection.offer(Outgoing.HEARTBEAT), beat, beat, TimeUnit.NANOSECONDS),
                    timers.schedule(
                            () -> connection.close("timeout"),
                            properties.connectionTimeout().toNanos(),
                            TimeUnit.NANOSECONDS));
            connection.attach(stream);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            ended(connection);
            if (e instanceof RuntimeException) {
                log.warn("Event stream {} of project {} failed to start", connection.id, connection.project, e);
            }
        }
    }

    EventMetrics metrics() {
        return metrics;
    }

    /** The backfill a subscription asks for, or null if the log file does not exist. */
    @Nullable
    Backfill backfill(Outgoing.Subscribed subscribed) throws IOException {
        return Backfill.open(subscribed, logIndexes, properties.maxLineBytes(), json);
    }

    /** Runs {@code stream}'s drain again soon on another thread (a long backfill, taken in steps). */
    void continueLater(SseStream stream) {
        continuations.execute(stream::signal);
    }

    /**
     * A stream ended: the hub forgets its connection, on another thread, because its clean-up takes
     * tail locks that a publisher may hold while it writes.
     */
    void ended(Connection connection) {
        continuations.execute(() -> hub.closed(connection));
    }

    byte[] frame(String type, @Nullable Long id, Object data) {
        String text = data instanceof String s ? s : json.writeValueAsString(data);
        return id == null ? Outgoing.encodeWithoutId(type, text) : Outgoing.encode(type, Long.toString(id), text);
    }

    @Override
    public void destroy() {
        timers.shutdownNow();
        continuations.shutdown();
    }

    /** Replays {@code (from, head]}; returns the new cursor, or -1 if the log no longer has them all. */
    private long replay(Connection connection, OutputStream out, long from, long head) throws IOException {
        if (from > head || from < 0) {
            return -1;
        }
        long cursor = from;
        while (cursor < head && !connection.isClosed()) {
            List<ProjectEvent> page = eventLog.after(connection.project, cursor, head, 512);
            if (page.isEmpty() || page.getFirst().seq() != cursor + 1) {
                return -1;
            }
            for (ProjectEvent event : page) {
                if (event.seq() != cursor + 1) {
                    return -1;
                }
                out.write(Outgoing.Status.of(event).frame());
                cursor = event.seq();
                metrics.replayed.increment();
            }
        }
        return cursor;
    }
}
