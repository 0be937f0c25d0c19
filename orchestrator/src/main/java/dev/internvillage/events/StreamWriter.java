package dev.internvillage.events;

import dev.internvillage.agent.LogIndexes;
import dev.internvillage.agent.RunId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one stream on its request's (virtual) thread: {@code retry}, {@code connected}, the replay
 * from the event log, then whatever the connection's queue brings, flushing whenever the queue is
 * empty so every event reaches the socket at once. Heartbeats keep idle streams alive, and the
 * stream ends after {@code SSE_CONNECTION_TIMEOUT_M}.
 */
@Component
class StreamWriter {

    private static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int BATCH = 256;

    private final EventLogRepository eventLog;
    private final EventMetrics metrics;
    private final EventsProperties properties;
    private final JsonMapper json;
    private final LogIndexes logIndexes;

    StreamWriter(
            EventLogRepository eventLog,
            EventMetrics metrics,
            EventsProperties properties,
            JsonMapper json,
            LogIndexes logIndexes) {
        this.eventLog = eventLog;
        this.logIndexes = logIndexes;
        this.metrics = metrics;
        this.properties = properties;
        this.json = json;
    }

    /**
     * Where a stream starts: {@code head} is the log position its live events follow; {@code resumeFrom}
     * is the client's Last-Event-ID (null for a fresh stream).
     */
    record Start(long head, @Nullable Long resumeFrom, boolean badCursor, Object connectedData) {}

    /** Serves the stream until it times out, is closed, or the client goes away. */
    void serve(Connection connection, Start start, OutputStream out) throws IOException {
        State state = new State(connection, out);
        out.write(RETRY);
        long cursor;
        if (start.resumeFrom() == null) {
            cursor = start.head();
            write(out, EventPayloads.CONNECTED, cursor, start.connectedData());
        } else {
            long from = start.resumeFrom();
            write(out, EventPayloads.CONNECTED, from, start.connectedData());
            cursor = start.badCursor() ? -1 : replay(connection, out, from, start.head());
            if (cursor < 0) {
                cursor = start.head();
                metrics.resyncs.increment();
                write(
                        out,
                        EventPayloads.RESYNC,
                        cursor,
                        new EventPayloads.Resync("the events after " + from + " can no longer be replayed; refetch"));
            }
        }
        state.cursor = cursor;
        out.flush();

        long now = System.nanoTime();
        long deadline = now + properties.connectionTimeout().toNanos();
        long heartbeat = properties.heartbeat().toNanos();
        long nextHeartbeat = now + heartbeat;
        List<Outgoing> batch = new ArrayList<>(BATCH);
        try {
            while (!connection.isClosed()) {
                now = System.nanoTime();
                if (now >= deadline) {
                    return;
                }
                if (now >= nextHeartbeat) {
                    write(out, EventPayloads.HEARTBEAT, null, new EventPayloads.Heartbeat(Instant.now()));
                    metrics.sentHeartbeat.increment();
                    out.flush();
                    nextHeartbeat = now + heartbeat;
                    continue;
                }
                Outgoing item = connection.queue().poll(Math.min(deadline, nextHeartbeat) - now, TimeUnit.NANOSECONDS);
                if (item == null) {
                    continue;
                }
                batch.add(item);
                connection.queue().drainTo(batch, BATCH - 1);
                for (Outgoing next : batch) {
                    if (next instanceof Outgoing.Close || connection.isClosed()) {
                        return;
                    }
                    handle(state, next);
                }
                batch.clear();
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class State {
        final Connection connection;
        final OutputStream out;
        final Map<RunId, Integer> nextLine = new HashMap<>();
        long cursor;

        State(Connection connection, OutputStream out) {
            this.connection = connection;
            this.out = out;
        }
    }

    private void handle(State state, Outgoing item) throws IOException {
        switch (item) {
            case Outgoing.Status status -> {
                if (status.seq() > state.cursor) {
                    state.out.write(status.frame());
                    state.cursor = status.seq();
                    metrics.sentStatus.increment();
                }
            }
            case Outgoing.Line line -> {
                Integer next = state.nextLine.get(line.run());
                if (next != null && line.lineNumber() >= next) {
                    state.out.write(line.frame());
                    state.nextLine.put(line.run(), line.lineNumber() + 1);
                    metrics.sentLog.increment();
                }
            }
            case Outgoing.Subscribed subscribed -> {
                state.nextLine.put(subscribed.run(), subscribed.fromLine());
                if (subscribed.backfillTo() >= subscribed.fromLine()) {
                    backfill(state, subscribed);
                }
            }
            case Outgoing.Unsubscribed unsubscribed -> state.nextLine.remove(unsubscribed.run());
            case Outgoing.Error error -> write(state.out, EventPayloads.ERROR, state.cursor, error.data());
            case Outgoing.Close close -> {}
        }
    }

    /**
     * Sends lines {@code fromLine..backfillTo} from the file, cut exactly as the tail cuts them,
     * starting at the indexed line nearest before {@code fromLine} rather than at the first byte.
     */
    private void backfill(State state, Outgoing.Subscribed subscribed) throws IOException {
        LogIndexes.Seek seek = logIndexes.seek(subscribed.file(), subscribed.fromLine());
        int[] number = {seek.lineNumber() - 1};
        @Nullable IOException[] failure = {null};
        LogLineSplitter splitter = new LogLineSplitter(properties.maxLineBytes(), line -> {
            int n = ++number[0];
            if (n < subscribed.fromLine() || n > subscribed.backfillTo() || failure[0] != null) {
                return;
            }
            try {
                state.out.write(Outgoing.encodeWithoutId(
                        EventPayloads.AGENT_LOG,
                        json.writeValueAsString(new EventPayloads.AgentLog(
                                subscribed.run().value(), line, n, RunTail.timestamp(line)))));
                metrics.sentLog.increment();
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(subscribed.file())) {
            in.skipNBytes(seek.offset());
            int read;
            while (number[0] < subscribed.backfillTo()
                    && failure[0] == null
                    && !state.connection.isClosed()
                    && (read = in.read(chunk)) > 0) {
                splitter.feed(ByteBuffer.wrap(chunk, 0, read));
            }
            if (number[0] < subscribed.backfillTo()) {
                splitter.finish(); // the tail counted an unterminated last line at the run's end
            }
        } catch (NoSuchFileException e) {
            return;
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        state.nextLine.put(subscribed.run(), Math.max(subscribed.fromLine(), subscribed.backfillTo() + 1));
    }

    private void write(OutputStream out, String type, @Nullable Long id, Object data) throws IOException {
        String text = data instanceof String s ? s : json.writeValueAsString(data);
        out.write(id == null ? Outgoing.encodeWithoutId(type, text) : Outgoing.encode(type, Long.toString(id), text));
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
