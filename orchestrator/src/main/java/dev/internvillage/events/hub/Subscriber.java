package dev.internvillage.events.hub;

import dev.internvillage.agent.RunId;
import dev.internvillage.auth.UserId;
import dev.internvillage.events.EventMetrics;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.events.log.EventScope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * One open stream's subscription: a bounded queue that publishers only {@link #offer} to, which
 * never blocks them, and the frames it turns into for whoever writes the stream. A full queue means
 * the client cannot keep up, and the hub closes the subscriber (the client resumes with
 * Last-Event-ID and {@code @<line>}). Each offer signals the stream's {@link Drain}, which calls
 * {@link #take} until there is nothing left; only one drain runs at a time, so the frame state
 * (cursor, next log lines, the backfill) is touched by one thread at a time.
 *
 * <p>Status events and everything else (log lines and their subscriptions, errors, heartbeats) wait
 * in two queues, each in its own order, and the drain takes from them in turns: a log line does not
 * wait behind a burst of status events (the hundreds a run's end can bring), nor the other way
 * round. The order between the two kinds was never promised (docs/events.md); within each it is
 * kept, and log lines carry no ids, so the ids still count up by one. The stream's final event
 * waits until the other queue is empty, so nothing follows it.
 */
public final class Subscriber {

    /** Queued frames handed out as one array, so a burst costs one write, not one each. */
    private static final int BATCH_BYTES = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];

    public final UUID id = UUID.randomUUID();
    private final int spread = id.hashCode(); // the fan-out asks every member for its shard each event
    public final UserId user;
    /** The log this stream follows: a project's or its user's. */
    public final EventScope scope;

    private final ConcurrentLinkedQueue<Outgoing> statusQueue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Outgoing> otherQueue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger(); // both queues
    private final int capacity;
    private final OverflowHandler overflow;
    private final JsonMapper json;
    private final EventMetrics metrics;
    private volatile boolean closed;
    private volatile boolean finishing; // a Last is queued: nothing more is taken
    private volatile boolean finished; // the Last has been handed to the writer
    private volatile @Nullable String closeReason;
    private volatile @Nullable Drain drain;

    // the log subscriptions as requested (guarded by this): explicit runs, and "all"
    private boolean all;
    private final Map<RunId, Integer> explicit = new HashMap<>();
    private final Set<RunId> following = new HashSet<>();

    // only the drain touches these
    private boolean statusTurn;
    private long cursor;
    private final Map<RunId, Integer> nextLine = new HashMap<>();
    private Outgoing.@Nullable Backfill backfill;
    private @Nullable RunId backfilled; // the run of the open backfill
    private int sentStatus; // counted per drain, added to the metrics once at its end
    private int sentLog;

    interface OverflowHandler {
        void overflowed(Subscriber subscriber);
    }

    /** Whoever writes the stream: told after every offer and close. */
    public interface Drain {
        void signal();
    }

    Subscriber(
            UserId user,
            EventScope scope,
            int capacity,
            OverflowHandler overflow,
            JsonMapper json,
            EventMetrics metrics) {
        this.user = user;
        this.scope = scope;
        this.capacity = capacity;
        this.overflow = overflow;
        this.json = json;
        this.metrics = metrics;
    }

    /** Queues {@code item} without waiting; a full queue closes the subscriber as too slow. */
    public boolean offer(Outgoing item) {
        if (!enqueue(item)) {
            return false;
        }
        signal();
        return true;
    }

    /**
     * Queues {@code items} in order, then tells the writer once: events that came together go out
     * in one write (a fan-out that fell behind catches up in fewer, larger writes).
     */
    public void offerAll(List<? extends Outgoing> items) {
        for (Outgoing item : items) {
            if (!enqueue(item)) {
                return;
            }
        }
        signal();
    }

    /**
     * Queues {@code last} as the stream's final event: nothing is queued after it, and once it has
     * been written the stream ends ({@link #isFinished}).
     */
    public void offerLast(Outgoing.Last last) {
        if (!enqueue(last)) {
            return;
        }
        finishing = true;
        signal();
    }

    /** True once the final event has been taken and nothing is left to write: the stream should end. */
    public boolean isFinished() {
        return finished && queued.get() == 0;
    }

    private boolean enqueue(Outgoing item) {
        if (closed || finishing) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            overflow.overflowed(this);
            return false;
        }
        (item instanceof Outgoing.Status || item instanceof Outgoing.Last ? statusQueue : otherQueue).offer(item);
        return true;
    }

    /** How many items wait to be written (the socket could not take them yet). */
    public int queued() {
        return queued.get();
    }

    /** Which of {@code shards} fan-out threads writes this stream (spread by the random id). */
    int shard(int shards) {
        return Math.floorMod(spread, shards);
    }

    /** The next queued item, taking status events and the rest in turns, or null. Only the drain takes. */
    public @Nullable Outgoing poll() {
        statusTurn = !statusTurn;
        Outgoing item = statusTurn ? pollStatus() : otherQueue.poll();
        if (item == null) {
            item = statusTurn ? otherQueue.poll() : pollStatus();
        }
        if (item != null) {
            queued.decrementAndGet();
        }
        return item;
    }

    /** The next status event; the final event only once nothing else waits. */
    private @Nullable Outgoing pollStatus() {
        if (statusQueue.peek() instanceof Outgoing.Last && !otherQueue.isEmpty()) {
            return null;
        }
        return statusQueue.poll();
    }

    /**
     * From now on {@code drain} writes this stream, whose status events so far reach up to {@code
     * position} of the project's log; what was queued before is written first.
     */
    public void attach(Drain drain, long position) {
        this.cursor = position;
        this.drain = drain;
        drain.signal();
    }

    private void signal() {
        Drain current = drain;
        if (current != null) {
            current.signal();
        }
    }

    /** Marks the subscriber closed and wakes its writer, which ends the stream without writing more. */
    public void close(String reason) {
        if (closed) {
            return;
        }
        closeReason = reason;
        closed = true;
        signal();
    }

    public boolean isClosed() {
        return closed;
    }

    public @Nullable String closeReason() {
        return closeReason;
    }

    // --- frames, for the drain ------------------------------------------------------------------

    /** Whether the next {@link #take} reads a chunk of a log file rather than the queue. */
    public boolean backfilling() {
        return backfill != null;
    }

    /**
     * The next bytes to write: a chunk of the backfill, or the frames of what is queued (one array
     * for the lot, up to a batch size). Empty if items were handled but make no frame; null if
     * there is nothing to write now.
     */
    public byte @Nullable [] take() throws IOException {
        Outgoing.Backfill current = backfill;
        if (current != null) {
            return continueBackfill(current);
        }
        byte[] first = null;
        ByteArrayOutputStream batch = null;
        Outgoing item;
        while ((batch == null || batch.size() < BATCH_BYTES) && (item = poll()) != null) {
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

    /** Adds what the drain wrote since the last call to the metrics (once per drain, not per event). */
    public void countSent() {
        if (sentStatus > 0) {
            metrics.sentStatus.increment(sentStatus);
            sentStatus = 0;
        }
        if (sentLog > 0) {
            metrics.sentLog.increment(sentLog);
            sentLog = 0;
        }
    }

    /** Lets go of an open backfill when the stream ends. */
    public void release() {
        Outgoing.Backfill current = backfill;
        if (current != null) {
            current.close();
            backfill = null;
        }
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
                    backfill = subscribed.backfill().open();
                    if (backfill != null) {
                        backfilled = subscribed.run();
                    }
                }
                return null;
            }
            case Outgoing.Unsubscribed unsubscribed -> {
                nextLine.remove(unsubscribed.run());
                return null;
            }
            case Outgoing.Error error -> {
                return Outgoing.encode(EventPayloads.ERROR, Long.toString(cursor), error.data());
            }
            case Outgoing.Last last -> {
                finished = true;
                sentStatus++;
                return Outgoing.encode(last.type(), Long.toString(cursor), last.data());
            }
            case Outgoing.Heartbeat beat -> {
                metrics.sentHeartbeat.increment();
                return Outgoing.encodeWithoutId(
                        EventPayloads.HEARTBEAT, json.writeValueAsString(new EventPayloads.Heartbeat(Instant.now())));
            }
        }
    }

    /** The lines of the backfill's next chunk, as one array. */
    private byte[] continueBackfill(Outgoing.Backfill current) throws IOException {
        List<byte[]> frames = current.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            bytes.write(frame);
        }
        sentLog += frames.size();
        if (current.done()) {
            if (backfilled != null) {
                nextLine.put(backfilled, current.nextLine());
            }
            current.close();
            backfill = null;
            backfilled = null;
        }
        return bytes.toByteArray();
    }

    // --- log subscriptions, for the tails ---------------------------------------------------------

    public synchronized boolean followsAll() {
        return all;
    }

    public synchronized void setAll(boolean value) {
        all = value;
    }

    public synchronized Map<RunId, Integer> explicit() {
        return explicit;
    }

    public synchronized Set<RunId> following() {
        return following;
    }
}
