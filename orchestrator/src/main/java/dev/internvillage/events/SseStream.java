package dev.internvillage.events;

import dev.internvillage.agent.RunId;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The live part of one stream, written with non-blocking servlet I/O. There is no thread per stream:
 * whoever queues an event (the fan-out, a log tail, a timer) writes it straight to the socket if
 * the socket can take it, and otherwise leaves it queued for {@link #onWritePossible}. One drain runs
 * at a time per stream (the {@code wip} counter hands the work to whoever is already draining), so
 * events go out in queue order and the servlet stream is never written from two threads at once.
 * A batch is flushed as soon as the queue is empty, so every event reaches the socket at once. The
 * connection is the upgraded socket ({@link SseUpgrade}), read only to learn at once that the
 * client has gone. On a plain TCP socket the bytes go to it directly ({@link DirectSocket}); what
 * it cannot take at once waits there until the container calls {@link #onWritePossible}.
 */
final class SseStream implements Connection.Drain, WriteListener, ReadListener {

    /** Backfill chunks one drain reads before it hands the rest to a continuation (keeps publishers quick). */
    private static final int BACKFILL_CHUNKS_PER_DRAIN = 4;

    /** Queued frames written with one call, so a burst costs one write and one flush, not one each. */
    private static final int BATCH_BYTES = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];

    private final Connection connection;
    private final WebConnection socket;
    private final ServletOutputStream out;
    private final @Nullable DirectSocket direct;
    private final ServletInputStream in;
    private final StreamWriter writer;
    private final Map<RunId, Integer> nextLine = new HashMap<>();
    private final AtomicInteger wip = new AtomicInteger();

    // only the drain touches these
    private long cursor;
    private @Nullable Backfill backfill;
    private boolean unflushed;
    private int backfillChunks;
    private boolean yielded;
    private int sentStatus; // counted per drain, added to the metrics once at its end
    private int sentLog;

    private volatile boolean ended;
    private volatile @Nullable ScheduledFuture<?> heartbeat;
    private volatile @Nullable ScheduledFuture<?> timeout;

    SseStream(
            Connection connection,
            WebConnection socket,
            @Nullable DirectSocket direct,
            StreamWriter writer,
            long cursor)
            throws IOException {
        this.connection = connection;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.direct = direct;
        this.in = socket.getInputStream();
        this.writer = writer;
        this.cursor = cursor;
    }

    void timers(ScheduledFuture<?> heartbeat, ScheduledFuture<?> timeout) {
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        if (ended) {
            cancelTimers();
        }
    }

    @Override
    public void signal() {
        if (wip.getAndIncrement() != 0) {
            return; // the thread draining now sees the new work before it stops
        }
        int missed = 1;
        do {
            drain();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drain() {
        if (ended) {
            return;
        }
        backfillChunks = 0;
        yielded = false;
        try {
            while (true) {
                if (connection.isClosed()) {
                    end();
                    return;
                }
                if (!ready()) {
                    return; // the container calls onWritePossible once the socket has drained
                }
                byte[] bytes = take();
                if (bytes == null) {
                    if (unflushed) {
                        unflushed = false;
                        // if the socket cannot take it all, the container keeps the rest and calls
                        // onWritePossible once it has written it; new work meanwhile finds isReady() false
                        out.flush();
                    }
                    return;
                } else if (bytes.length > 0) {
                    write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (or the container gave up on the response): end quietly
            connection.close("client gone");
            end();
        } finally {
            countSent();
        }
    }

    /** Whether bytes may be written now; on the direct socket, the rest of the last write goes first. */
    private boolean ready() throws IOException {
        // non-blocking mode allows a servlet write (or flush) only right after isReady() said yes
        return direct == null ? out.isReady() : direct.drained();
    }

    private void write(byte[] bytes) throws IOException {
        if (direct == null) {
            out.write(bytes);
            unflushed = true;
        } else {
            direct.write(bytes);
        }
    }

    private void countSent() {
        if (sentStatus > 0) {
            writer.metrics().sentStatus.increment(sentStatus);
            sentStatus = 0;
        }
        if (sentLog > 0) {
            writer.metrics().sentLog.increment(sentLog);
            sentLog = 0;
        }
    }

    /**
     * The next bytes to write: a step of the backfill, or the frames of what is queued (one write
     * for the lot, up to {@link #BATCH_BYTES}). Empty if items were handled but wrote nothing; null
     * if there is nothing to do now.
     */
    private byte @Nullable [] take() throws IOException {
        Backfill current = backfill;
        if (current != null) {
            if (backfillChunks == BACKFILL_CHUNKS_PER_DRAIN) {
                if (!yielded) {
                    yielded = true;
                    writer.continueLater(this);
                }
                return null;
            }
            backfillChunks++;
            return continueBackfill(current);
        }
        byte[] first = null;
        ByteArrayOutputStream batch = null;
        Outgoing item;
        while ((batch == null || batch.size() < BATCH_BYTES) && (item = connection.poll()) != null) {
            byte[] frame = handle(item);
            if (frame != null) {
                if (first == null) {
                    first = frame;
                } else {
                    if (batch == null) {
                        batch = new ByteArrayOutputStream(first.length * 4);
                        batch.write(first);
                    }
                    batch.write(frame);
                }
            }
            if (backfill != null) {
                break; // the backfill's lines go before anything queued after the subscription
            }
        }
        if (batch != null) {
            return batch.toByteArray();
        }
        if (first != null) {
            return first;
        }
        return backfill != null ? EMPTY : null;
    }

    /** The frame {@code item} writes, if any. */
    private byte @Nullable [] handle(Outgoing item) throws IOException {
        switch (item) {
            case Outgoing.Status status -> {
                if (status.seq() <= cursor) {
                    return null;
                }
                cursor = status.seq();
                sentStatus++;
                return status.frame();
            }
            case Outgoing.Line line -> {
                Integer next = nextLine.get(line.run());
                if (next == null || line.lineNumber() < next) {
                    return null;
                }
                nextLine.put(line.run(), line.lineNumber() + 1);
                sentLog++;
                return line.frame();
            }
            case Outgoing.Subscribed subscribed -> {
                nextLine.put(subscribed.run(), subscribed.fromLine());
                if (subscribed.backfillTo() >= subscribed.fromLine()) {
                    backfill = writer.backfill(subscribed);
                }
                return null;
            }
            case Outgoing.Unsubscribed unsubscribed -> {
                nextLine.remove(unsubscribed.run());
                return null;
            }
            case Outgoing.Error error -> {
                return writer.frame(EventPayloads.ERROR, cursor, error.data());
            }
            case Outgoing.Heartbeat beat -> {
                writer.metrics().sentHeartbeat.increment();
                return writer.frame(EventPayloads.HEARTBEAT, null, new EventPayloads.Heartbeat(Instant.now()));
            }
        }
    }

    /** The lines of the backfill's next chunk, as one array. */
    private byte[] continueBackfill(Backfill current) throws IOException {
        List<byte[]> frames = current.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            bytes.write(frame);
        }
        sentLog += frames.size();
        if (current.done()) {
            nextLine.put(current.subscribed().run(), current.nextLine());
            current.close();
            backfill = null;
        }
        return bytes.toByteArray();
    }

    /** Ends the response; the hub forgets the connection on another thread (publishers hold tail locks). */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimers();
        if (backfill != null) {
            backfill.close();
            backfill = null;
        }
        try {
            socket.close();
        } catch (Exception e) {
            // already closed
        }
        ClosingDispatch.request(out);
        writer.ended(connection);
    }

    private void cancelTimers() {
        ScheduledFuture<?> beat = heartbeat;
        ScheduledFuture<?> end = timeout;
        if (beat != null) {
            beat.cancel(false);
        }
        if (end != null) {
            end.cancel(false);
        }
    }

    @Override
    public void onWritePossible() {
        signal();
    }

    @Override
    public void onError(Throwable t) {
        clientGone();
    }

    /** A client sends nothing after its request; whatever comes is read and dropped. */
    @Override
    public void onDataAvailable() throws IOException {
        byte[] discard = new byte[256];
        while (in.isReady() && !in.isFinished()) {
            if (in.read(discard) < 0) {
                break;
            }
        }
    }

    /** The client closed its side: it is gone, so the stream ends now rather than at its next write. */
    @Override
    public void onAllDataRead() {
        clientGone();
    }

    private void clientGone() {
        connection.close("client gone");
    }
}
