package dev.internvillage.events.hub;

import dev.internvillage.auth.UserId;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.events.EventMetrics;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.events.EventsProperties;
import dev.internvillage.events.log.EventLog;
import dev.internvillage.events.log.EventLogListener;
import dev.internvillage.events.log.EventScope;
import dev.internvillage.events.log.ProjectEvent;
import dev.internvillage.project.ProjectDeleted;
import dev.internvillage.project.ProjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Open streams by the log they follow ({@link EventScope}: a project's, or a user's across all their
 * projects). After a transaction commits events to a log, the hub is woken and one drain per log
 * reads the new entries in log order and queues them for every stream of that log. Queuing never blocks: a stream whose queue is full is closed as too slow, so a slow
 * client can neither hold up the publisher nor the other streams.
 */
@Component
public class EventHub implements SmartLifecycle, EventLogListener {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    private static final int PAGE = 512;

    /** Below this many streams one thread fans an event out; from here on one thread per core does. */
    private static final int PARALLEL_FAN_OUT_FROM = 256;

    private static final int SHARDS = Runtime.getRuntime().availableProcessors();

    private final EventLog eventLog;
    private final EventMetrics metrics;
    private final EventsProperties properties;
    private final JsonMapper json;
    private final Map<EventScope, Channel> channels = new ConcurrentHashMap<>();
    private final Map<UUID, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final Map<UserId, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final ExecutorService drains = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;

    EventHub(EventLog eventLog, EventMetrics metrics, EventsProperties properties, JsonMapper json) {
        this.eventLog = eventLog;
        this.metrics = metrics;
        this.properties = properties;
        this.json = json;
    }

    /**
     * The members of a channel split by fan-out shard, as arrays: each fan-out thread walks only its
     * own streams, and an array walk is cheaper than a hash set's. Built by the drain when the
     * membership has changed since the last one ({@code version}).
     */
    private record Shards(int version, Subscriber[][] members) {}

    /** The streams of one log and how far it has been fanned out to them. */
    private final class Channel {
        final EventScope scope;
        final Set<Subscriber> members = ConcurrentHashMap.newKeySet();
        final AtomicInteger version = new AtomicInteger(); // bumped after every change of members
        final AtomicBoolean draining = new AtomicBoolean();
        volatile boolean dirty;
        volatile long fannedOut; // only the drain thread writes these two; signals read fannedOut
        Shards shards = new Shards(-1, new Subscriber[0][]);

        Channel(EventScope scope, long head) {
            this.scope = scope;
            this.fannedOut = head;
        }

        void add(Subscriber subscriber) {
            members.add(subscriber);
            version.incrementAndGet();
        }

        void remove(Subscriber subscriber) {
            members.remove(subscriber);
            version.incrementAndGet();
        }

        /**
         * The members by shard. The version is read before the members, so a stream that joins
         * while they are copied leaves the copy stale and the next batch copies again; the batch at
         * hand may miss it, which is safe: a stream joins before it reads the log head it starts
         * from, so every event this batch holds for it is older than that head.
         */
        private Subscriber[][] byShard() {
            int current = version.get();
            if (shards.version() != current) {
                int count = SHARDS == 1 || members.size() < PARALLEL_FAN_OUT_FROM ? 1 : SHARDS;
                List<List<Subscriber>> split = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    split.add(new ArrayList<>());
                }
                for (Subscriber member : members) {
                    split.get(member.shard(count)).add(member);
                }
                Subscriber[][] arrays = new Subscriber[count][];
                for (int i = 0; i < count; i++) {
                    arrays[i] = split.get(i).toArray(Subscriber[]::new);
                }
                shards = new Shards(current, arrays);
            }
            return shards.members();
        }

        void wake() {
            dirty = true;
            if (draining.compareAndSet(false, true)) {
                drains.execute(this::drain);
            }
        }

        private void drain() {
            try {
                do {
                    dirty = false;
                    List<ProjectEvent> batch;
                    do {
                        batch = eventLog.after(scope, fannedOut, Long.MAX_VALUE, PAGE);
                        if (!batch.isEmpty()) {
                            fanOut(batch.stream().map(Outgoing.Status::of).toList());
                            fannedOut = batch.getLast().seq();
                        }
                    } while (batch.size() == PAGE);
                    draining.set(false);
                } while (dirty && draining.compareAndSet(false, true));
            } catch (RuntimeException e) {
                draining.set(false);
                log.error("Fan-out of {} events failed; streams resume on reconnect", scope, e);
                // a stream that missed events must not go on as if it had not: close them all
                members.forEach(m -> m.close("fan-out failed"));
            }
        }

        /**
         * Queues {@code events} for every member, in order. Queuing writes to the socket of each idle
         * stream, so with many streams the members are split into one shard per core, each written
         * by its own thread; the batch is done when every shard is.
         */
        private void fanOut(List<Outgoing.Status> events) {
            Subscriber[][] parts = byShard();
            List<Future<?>> others = new ArrayList<>(parts.length - 1);
            for (int shard = 1; shard < parts.length; shard++) {
                Subscriber[] mine = parts[shard];
                others.add(drains.submit(() -> offerAll(events, mine)));
            }
            offerAll(events, parts[0]);
            for (Future<?> other : others) {
                try {
                    other.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("fan-out shard failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during fan-out", e);
                }
            }
        }

        private static void offerAll(List<Outgoing.Status> events, Subscriber[] shard) {
            for (Subscriber member : shard) {
                member.offerAll(events);
            }
        }
    }

    /**
     * Opens a stream of the scope's log for {@code user}, subscribed to its live events from now on.
     *
     * @throws DomainException TOO_MANY_CONNECTIONS past {@code SSE_MAX_CONNECTIONS_PER_USER}
     */
    public Subscriber open(UserId user, EventScope scope) {
        AtomicInteger count = perUser.computeIfAbsent(user, u -> new AtomicInteger());
        if (count.incrementAndGet() > properties.maxConnectionsPerUser()) {
            count.decrementAndGet();
            throw new DomainException(
                    ErrorCode.TOO_MANY_CONNECTIONS,
                    "at most " + properties.maxConnectionsPerUser() + " event streams per user are allowed");
        }
        Subscriber subscriber =
                new Subscriber(user, scope, properties.channelBuffer(), this::overflowed, json, metrics);
        try {
            boolean joined = false;
            while (!joined) {
                // the head is read outside the map's lock for this key; events committed between the
                // read and the join are older than the snapshot the stream starts from, so it skips them
                long head = channels.containsKey(scope) ? -1 : eventLog.head(scope);
                boolean[] added = {false};
                channels.compute(scope, (p, existing) -> {
                    Channel target = existing;
                    if (target == null) {
                        if (head < 0) {
                            return null; // the channel went away meanwhile: read the head and try again
                        }
                        target = new Channel(p, head);
                    }
                    target.add(subscriber);
                    added[0] = true;
                    return target;
                });
                joined = added[0];
            }
        } catch (RuntimeException e) {
            count.decrementAndGet();
            throw e;
        }
        subscribers.put(subscriber.id, subscriber);
        metrics.openConnections.incrementAndGet();
        return subscriber;
    }

    /** Forgets a subscriber whose stream has ended. */
    public void closed(Subscriber subscriber) {
        subscriber.close("closed");
        if (subscribers.remove(subscriber.id) == null) {
            return;
        }
        channels.computeIfPresent(subscriber.scope, (p, channel) -> {
            channel.remove(subscriber);
            return channel.members.isEmpty() ? null : channel;
        });
        AtomicInteger count = perUser.get(subscriber.user);
        if (count != null) {
            count.decrementAndGet();
        }
        metrics.openConnections.decrementAndGet();
    }

    private void overflowed(Subscriber subscriber) {
        if (subscriber.isClosed()) {
            return;
        }
        subscriber.close("too slow");
        metrics.slowDisconnects.increment();
        log.warn(
                "Closed event stream {} of {}: its queue of {} events is full (client too slow); it resumes"
                        + " with Last-Event-ID",
                subscriber.id,
                subscriber.scope,
                properties.channelBuffer());
        // stop queuing to it at once; the writer finishes the clean-up when it ends
        channels.computeIfPresent(subscriber.scope, (p, channel) -> {
            channel.remove(subscriber);
            return channel;
        });
    }

    /** New events of the scope's log were committed: fan them out. */
    @Override
    public void committed(EventScope scope) {
        Channel channel = channels.get(scope);
        if (channel != null) {
            channel.wake();
        }
    }

    /**
     * Another instance committed events to the scope's log, which now ends at {@code head}: fan them
     * out if this instance has streams of it and has not sent that far yet (a late or repeated signal
     * costs a map lookup).
     */
    void signalled(EventScope scope, long head) {
        Channel channel = channels.get(scope);
        if (channel != null && head > channel.fannedOut) {
            channel.wake();
        }
    }

    /** Signals may have been lost: every open log looks for new entries. */
    void wakeAll() {
        channels.values().forEach(Channel::wake);
    }

    /** The logs with open streams on this instance, as of now. */
    Set<EventScope> openScopes() {
        return Set.copyOf(channels.keySet());
    }

    /**
     * The project was deleted, its event log with it: every open stream of the project gets {@code
     * project:deleted} as its last event, and ends once that is written. (User-level streams read it
     * from their owner's log, which keeps it.)
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onProjectDeleted(ProjectDeleted event) {
        projectDeleted(event.projectId(), event.deletedAt());
    }

    /** Ends the project's streams with {@code project:deleted}; also for a deletion on another instance. */
    void projectDeleted(ProjectId project, Instant deletedAt) {
        String data = json.writeValueAsString(new EventPayloads.ProjectDeleted(project.value(), deletedAt));
        for (Subscriber subscriber : subscribersOf(project)) {
            subscriber.offerLast(new Outgoing.Last(EventPayloads.PROJECT_DELETED, data));
        }
    }

    /** The open subscribers of {@code project}, as of now. */
    public List<Subscriber> subscribersOf(ProjectId project) {
        return subscribersOf(new EventScope.Project(project));
    }

    /** The open subscribers of the scope's log, as of now. */
    public List<Subscriber> subscribersOf(EventScope scope) {
        Channel channel = channels.get(scope);
        return channel == null ? List.of() : new ArrayList<>(channel.members);
    }

    public @Nullable Subscriber subscriber(UUID id) {
        return subscribers.get(id);
    }

    public int openSubscribers() {
        return subscribers.size();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every stream before the web server's graceful shutdown waits for open requests. */
    @Override
    public void stop() {
        running = false;
        subscribers.values().forEach(c -> c.close("server shutting down"));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
