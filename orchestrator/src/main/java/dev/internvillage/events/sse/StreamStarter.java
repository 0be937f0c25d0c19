package dev.internvillage.events.sse;

import dev.internvillage.events.EventMetrics;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.events.EventsProperties;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.hub.Outgoing;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.events.log.EventLog;
import dev.internvillage.events.log.ProjectEvent;
import dev.internvillage.events.tail.LogTails;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * Starts each stream once its connection is handed over ({@link StreamSockets}): it writes {@code
 * retry}, {@code connected} and the replay from the event log, then hands the connection to an
 * {@link SseStream}, whose {@link StreamSocket} then writes without blocking and needs no thread of its own. One
 * timer thread sends the heartbeats that keep idle streams alive and ends streams after {@code
 * SSE_CONNECTION_TIMEOUT_M}. When a stream ends, the hub and the log tails forget its subscriber.
 */
@Component
class StreamStarter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StreamStarter.class);
    private static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int REPLAY_PAGE = 512;
    private static final int REPLAY_BUFFER = 8 * 1024;

    private final EventLog eventLog;
    private final EventMetrics metrics;
    private final EventsProperties properties;
    private final JsonMapper json;
    private final EventHub hub;
    private final LogTails tails;
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService continuations = Executors.newVirtualThreadPerTaskExecutor();

    StreamStarter(
            EventLog eventLog,
            EventMetrics metrics,
            EventsProperties properties,
            JsonMapper json,
            EventHub hub,
            LogTails tails) {
        this.eventLog = eventLog;
        this.metrics = metrics;
        this.properties = properties;
        this.json = json;
        this.hub = hub;
        this.tails = tails;
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
     * writes. If the client is already gone, the connection is closed and the subscriber forgotten.
     */
    void start(Subscriber subscriber, Start start, StreamSocket socket) {
        try {
            Long resumeFrom = start.resumeFrom();
            long cursor = resumeFrom == null ? begin(start, socket) : resume(subscriber, start, resumeFrom, socket);
            // everything written so far has gone out: from here on the socket is written without blocking
            SseStream stream = new SseStream(subscriber, socket, continuations, this::ended);
            metrics.streamsStarted.increment();
            socket.listen(stream);
            long beat = properties.heartbeat().toNanos();
            stream.timers(
                    timers.scheduleAtFixedRate(
                            () -> subscriber.offer(Outgoing.HEARTBEAT), beat, beat, TimeUnit.NANOSECONDS),
                    timers.schedule(
                            () -> subscriber.close("timeout"),
                            properties.connectionTimeout().toNanos(),
                            TimeUnit.NANOSECONDS));
            subscriber.attach(stream, cursor);
        } catch (IOException | RuntimeException e) {
            socket.close();
            continuations.execute(() -> ended(subscriber));
            if (e instanceof RuntimeException) {
                log.warn("Event stream {} of {} failed to start", subscriber.id, subscriber.scope, e);
            }
        }
    }

    /** A fresh stream's beginning, {@code retry} and {@code connected}, in one write; returns its cursor. */
    private long begin(Start start, StreamSocket socket) throws IOException {
        byte[] connected = frame(EventPayloads.CONNECTED, start.head(), start.connectedData());
        byte[] beginning = Arrays.copyOf(RETRY, RETRY.length + connected.length);
        System.arraycopy(connected, 0, beginning, RETRY.length, connected.length);
        socket.writeBlocking(beginning, 0, beginning.length);
        return start.head();
    }

    /**
     * A resumed stream's beginning: {@code retry}, {@code connected} and the replay after the client's
     * Last-Event-ID, or a {@code resync} when the log no longer has it; returns the stream's cursor.
     */
    private long resume(Subscriber subscriber, Start start, long from, StreamSocket socket) throws IOException {
        OutputStream out = new BufferedOutputStream(blocking(socket), REPLAY_BUFFER);
        out.write(RETRY);
        out.write(frame(EventPayloads.CONNECTED, from, start.connectedData()));
        long cursor = start.badCursor() ? -1 : replay(subscriber, out, from, start.head());
        if (cursor < 0) {
            cursor = start.head();
            metrics.resyncs.increment();
            out.write(frame(
                    EventPayloads.RESYNC,
                    cursor,
                    new EventPayloads.Resync("the events after " + from + " can no longer be replayed; refetch")));
        }
        out.flush();
        return cursor;
    }

    /** The socket's blocking writes as a stream, for a resumed stream's beginning (a long replay goes out in pieces). */
    private static OutputStream blocking(StreamSocket socket) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                socket.writeBlocking(bytes, offset, length);
            }
        };
    }

    /**
     * A stream ended: the hub and the tails forget its subscriber. Called on a thread of our own,
     * never a publisher's, because the clean-up takes tail locks that a publisher may hold.
     */
    void ended(Subscriber subscriber) {
        hub.closed(subscriber);
        tails.closed(subscriber);
    }

    private byte[] frame(String type, long id, Object data) {
        return Outgoing.encode(type, Long.toString(id), json.writeValueAsString(data));
    }

    @Override
    public void destroy() {
        timers.shutdownNow();
        continuations.shutdown();
    }

    /** Replays {@code (from, head]}; returns the new cursor, or -1 if the log no longer has them all. */
    private long replay(Subscriber subscriber, OutputStream out, long from, long head) throws IOException {
        if (from > head || from < 0) {
            return -1;
        }
        long cursor = from;
        while (cursor < head && !subscriber.isClosed()) {
            List<ProjectEvent> page = eventLog.after(subscriber.scope, cursor, head, REPLAY_PAGE);
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
