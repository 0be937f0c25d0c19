package dev.internvillage.events;

import dev.internvillage.agent.RunId;
import dev.internvillage.auth.UserId;
import dev.internvillage.project.ProjectId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One open stream. Publishers only {@link #offer} to its bounded queue, which never blocks them; a
 * full queue means the client cannot keep up, and the hub closes the connection (it resumes with
 * Last-Event-ID and {@code @<line>}). Each offer then signals the stream's {@link Drain}, which
 * writes what is queued at once if the socket can take it (see {@link SseStream}).
 */
final class Connection {

    final UUID id = UUID.randomUUID();
    private final int spread = id.hashCode(); // the fan-out asks every member for its shard each event
    final UserId user;
    final ProjectId project;
    private final ConcurrentLinkedQueue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final OverflowHandler overflow;
    private volatile boolean closed;
    private volatile @Nullable String closeReason;

    // the log subscriptions as requested (guarded by this): explicit runs, and "all"
    private boolean all;
    private final Map<RunId, Integer> explicit = new HashMap<>();
    private final Set<RunId> following = new HashSet<>();

    private volatile @Nullable Drain drain;

    interface OverflowHandler {
        void overflowed(Connection connection);
    }

    /** Whoever writes the stream: told after every offer and close. */
    interface Drain {
        void signal();
    }

    Connection(UserId user, ProjectId project, int capacity, OverflowHandler overflow) {
        this.user = user;
        this.project = project;
        this.capacity = capacity;
        this.overflow = overflow;
    }

    /** Queues {@code item} without waiting; a full queue closes the connection as too slow. */
    boolean offer(Outgoing item) {
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
    void offerAll(List<? extends Outgoing> items) {
        for (Outgoing item : items) {
            if (!enqueue(item)) {
                return;
            }
        }
        signal();
    }

    private boolean enqueue(Outgoing item) {
        if (closed) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            overflow.overflowed(this);
            return false;
        }
        queue.offer(item);
        return true;
    }

    /** How many items wait to be written (the socket could not take them yet). */
    int queued() {
        return queued.get();
    }

    /** Which of {@code shards} fan-out threads writes this stream (spread by the random id). */
    int shard(int shards) {
        return Math.floorMod(spread, shards);
    }

    /** The next queued item, or null. Only the drain takes. */
    @Nullable
    Outgoing poll() {
        Outgoing item = queue.poll();
        if (item != null) {
            queued.decrementAndGet();
        }
        return item;
    }

    /** From now on {@code drain} writes this stream; what was queued before is written first. */
    void attach(Drain drain) {
        this.drain = drain;
        drain.signal();
    }

    private void signal() {
        Drain current = drain;
        if (current != null) {
            current.signal();
        }
    }

    /** Marks the connection closed and wakes its writer, which ends the stream without writing more. */
    void close(String reason) {
        if (closed) {
            return;
        }
        closeReason = reason;
        closed = true;
        signal();
    }

    boolean isClosed() {
        return closed;
    }

    @Nullable
    String closeReason() {
        return closeReason;
    }

    synchronized boolean followsAll() {
        return all;
    }

    synchronized void setAll(boolean value) {
        all = value;
    }

    synchronized Map<RunId, Integer> explicit() {
        return explicit;
    }

    synchronized Set<RunId> following() {
        return following;
    }
}
