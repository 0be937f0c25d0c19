package dev.internvillage.events;

import dev.internvillage.agent.RunId;
import dev.internvillage.auth.UserId;
import dev.internvillage.project.ProjectId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * One open stream. Publishers only {@link #offer} to its bounded queue, which never blocks them; a
 * full queue means the client cannot keep up, and the hub closes the connection (it resumes with
 * Last-Event-ID and {@code @<line>}). The stream's own thread takes from the queue and writes.
 */
final class Connection {

    final UUID id = UUID.randomUUID();
    final UserId user;
    final ProjectId project;
    private final LinkedBlockingQueue<Outgoing> queue;
    private final OverflowHandler overflow;
    private volatile boolean closed;
    private volatile @Nullable String closeReason;

    // the log subscriptions as requested (guarded by this): explicit runs, and "all"
    private boolean all;
    private final Map<RunId, Integer> explicit = new HashMap<>();
    private final Set<RunId> following = new HashSet<>();

    interface OverflowHandler {
        void overflowed(Connection connection);
    }

    Connection(UserId user, ProjectId project, int capacity, OverflowHandler overflow) {
        this.user = user;
        this.project = project;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.overflow = overflow;
    }

    /** Queues {@code item} without waiting; a full queue closes the connection as too slow. */
    boolean offer(Outgoing item) {
        if (closed) {
            return false;
        }
        if (queue.offer(item)) {
            return true;
        }
        overflow.overflowed(this);
        return false;
    }

    /** Marks the connection closed, drops what it had queued and wakes its writer. */
    void close(String reason) {
        if (closed) {
            return;
        }
        closeReason = reason;
        closed = true;
        queue.clear();
        queue.offer(new Outgoing.Close(reason));
    }

    boolean isClosed() {
        return closed;
    }

    @Nullable
    String closeReason() {
        return closeReason;
    }

    LinkedBlockingQueue<Outgoing> queue() {
        return queue;
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
