package dev.internvillage.events.tail;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentRunCompleted;
import dev.internvillage.agent.AgentRunFailed;
import dev.internvillage.agent.AgentRunStarted;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.RunService;
import dev.internvillage.agent.RunStatus;
import dev.internvillage.auth.UserId;
import dev.internvillage.common.DomainException;
import dev.internvillage.events.EventMetrics;
import dev.internvillage.events.EventsProperties;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.hub.Outgoing;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.events.log.EventScope;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.runlog.LogIndexes;
import dev.internvillage.runlog.LogWriteSignal;
import dev.internvillage.runlog.SharedLogs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log subscriptions of open streams and the tails that serve them: one {@link RunTail} per run
 * that at least one stream follows, and none for a run nobody follows. Tails follow the runs' own
 * events: a run that starts is followed by the streams that asked for "all" runs, and a run that
 * ends lets its tail read what is left and stop. A run another instance runs is announced by the
 * first chunk of its shared log ({@link SharedLogs#onShipped}), as no event of it is published here.
 */
@Component
public class LogTails {

    private final RunService runs;
    private final ProjectService projects;
    private final EventHub hub;
    private final LogWriteSignal activity;
    private final LogIndexes indexes;
    private final JsonMapper json;
    private final EventMetrics metrics;
    private final EventsProperties properties;
    private final Map<RunId, RunTail> tails = new HashMap<>();
    private final Map<RunId, Integer> refs = new HashMap<>();
    private final SharedLogs sharedLogs;
    /** Runs whose shared log was seen here, the most recent few thousand: each is looked up once. */
    private final Set<RunId> announced = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RunId, Boolean> eldest) {
            return size() > 4096;
        }
    });

    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

    LogTails(
            RunService runs,
            ProjectService projects,
            EventHub hub,
            LogWriteSignal activity,
            LogIndexes indexes,
            JsonMapper json,
            EventMetrics metrics,
            EventsProperties properties,
            SharedLogs sharedLogs) {
        this.runs = runs;
        this.projects = projects;
        this.hub = hub;
        this.activity = activity;
        this.indexes = indexes;
        this.json = json;
        this.metrics = metrics;
        this.properties = properties;
        this.sharedLogs = sharedLogs;
        if (sharedLogs.shared()) {
            sharedLogs.onShipped(this::shipped);
        }
    }

    @jakarta.annotation.PreDestroy
    void stopLookups() {
        lookups.shutdownNow();
    }

    /**
     * What a stream asked for: runs by id with their first line ({@link #LIVE} for a plain run id:
     * only lines written from now on), and "all".
     */
    public record Request(Map<RunId, Integer> runs, boolean all) {

        public static final int LIVE = 0;
        public static final Request NONE = new Request(Map.of(), false);
    }

    /**
     * Makes {@code request} the connection's log subscriptions: runs it no longer names stop, new
     * ones start (with their backfill), and unchanged ones continue without a repeat.
     * {@code requested} holds the runs named explicitly, already checked to belong to the project.
     */
    public void apply(Subscriber connection, Request request, Map<RunId, AgentRun> requested) {
        synchronized (connection) {
            // "all" is set before the snapshot of running runs, so a run that starts meanwhile is
            // picked up by runStarted, and the following set keeps it from being added twice
            connection.setAll(request.all());
            Map<RunId, Integer> previous = new LinkedHashMap<>(connection.explicit());
            Map<RunId, AgentRun> targets = new LinkedHashMap<>(requested);
            if (request.all()) {
                List<AgentRun> active = switch (connection.scope) {
                    case EventScope.Project project -> runs.activeRuns(project.id());
                    case EventScope.User user -> runs.activeRuns(user.id());
                };
                for (AgentRun run : active) {
                    if (run.status() == RunStatus.RUNNING) {
                        targets.putIfAbsent(run.id(), run);
                    }
                }
            }
            Set<RunId> following = connection.following();
            for (RunId run : new HashSet<>(following)) {
                if (!targets.containsKey(run)) {
                    following.remove(run);
                    release(connection, run);
                    connection.offer(new Outgoing.Unsubscribed(run));
                }
            }
            for (Map.Entry<RunId, AgentRun> target : targets.entrySet()) {
                RunId run = target.getKey();
                Integer from = request.runs().get(run);
                boolean known = following.contains(run);
                if (from != null) {
                    if (known && Objects.equals(previous.get(run), from)) {
                        continue; // same subscription as before: keep going, no second backfill
                    }
                    if (known) {
                        release(connection, run);
                    }
                    acquire(connection, target.getValue(), from);
                } else if (!known) {
                    acquire(connection, target.getValue(), Request.LIVE);
                }
                // else: followed before and now only through "all": it goes on as it is
                following.add(run);
            }
            connection.explicit().clear();
            connection.explicit().putAll(request.runs());
        }
    }

    /** Ends every subscription of a closing stream. */
    public void closed(Subscriber connection) {
        synchronized (connection) {
            for (RunId run : connection.following()) {
                release(connection, run);
            }
            connection.following().clear();
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AgentRunStarted started) {
        AgentRun run = started.run();
        List<Subscriber> connections = new ArrayList<>(hub.subscribersOf(run.projectId()));
        UserId owner = projects.ownerOf(run.projectId());
        if (owner != null) {
            connections.addAll(hub.subscribersOf(new EventScope.User(owner)));
        }
        runStarted(run, connections);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AgentRunCompleted completed) {
        runEnded(completed.run().id());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AgentRunFailed failed) {
        runEnded(failed.run().id());
    }

    /**
     * A chunk of a run's log was shared, maybe by another instance: the first time, streams here that
     * follow "all" of its project (or its owner's) and do not follow it yet start to, from line 1.
     * Called on the signals' thread, so the look-ups go to a thread of their own.
     */
    private void shipped(SharedLogs.Shipped shipped) {
        RunId run = new RunId(shipped.run());
        synchronized (announced) {
            if (!announced.add(run)) {
                return;
            }
        }
        lookups.execute(() -> startedElsewhere(run, new ProjectId(shipped.project())));
    }

    private void startedElsewhere(RunId id, ProjectId project) {
        try {
            List<Subscriber> connections = new ArrayList<>(hub.subscribersOf(project));
            UserId owner = projects.ownerOf(project);
            if (owner != null) {
                connections.addAll(hub.subscribersOf(new EventScope.User(owner)));
            }
            connections.removeIf(c -> !c.followsAll() || c.following().contains(id));
            if (connections.isEmpty()) {
                return;
            }
            AgentRun run = runs.get(id);
            if (run.status() == RunStatus.RUNNING) {
                runStarted(run, connections);
            }
        } catch (DomainException e) {
            // gone with its project
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LogTails.class).warn("Cannot follow run {}: {}", id, e.getMessage());
        }
    }

    /** A run started: streams following "all" of its project (or its owner's) follow it from line 1. */
    private void runStarted(AgentRun run, List<Subscriber> projectConnections) {
        RunTail tail;
        synchronized (this) {
            tail = tails.get(run.id());
        }
        if (tail != null) {
            tail.started();
        }
        for (Subscriber connection : projectConnections) {
            synchronized (connection) {
                if (connection.followsAll()
                        && !connection.isClosed()
                        && connection.following().add(run.id())) {
                    acquire(connection, run, 1);
                }
            }
        }
    }

    /** A run ended: its tail reads what is left and stops. */
    private void runEnded(RunId run) {
        RunTail tail;
        synchronized (this) {
            tail = tails.get(run);
        }
        if (tail != null) {
            tail.ended();
        }
    }

    public synchronized int activeTails() {
        return tails.size();
    }

    public synchronized boolean isTailing(RunId run) {
        return tails.containsKey(run);
    }

    private void acquire(Subscriber connection, AgentRun run, int fromLine) {
        RunTail tail;
        synchronized (this) {
            tail = tails.get(run.id());
            if (tail == null) {
                tail = new RunTail(
                        run,
                        runs.logFile(run),
                        sharedLogs.follow(run.id().value(), runs.logFile(run)),
                        properties.maxLineBytes(),
                        properties.tailPoll().toNanos(),
                        json,
                        indexes,
                        metrics,
                        () -> isStillActive(run));
                tails.put(run.id(), tail);
                tail.start(activity);
            }
            refs.merge(run.id(), 1, Integer::sum);
        }
        tail.register(connection, fromLine);
    }

    private void release(Subscriber connection, RunId run) {
        RunTail tail;
        synchronized (this) {
            tail = tails.get(run);
            if (tail == null) {
                return;
            }
            int left = refs.merge(run, -1, Integer::sum);
            if (left <= 0) {
                refs.remove(run);
                tails.remove(run);
                tail.stop();
            }
        }
        tail.unregister(connection);
    }

    /** Asked by each tail once a second: one row by key, not every active run of the project. */
    private boolean isStillActive(AgentRun run) {
        try {
            return runs.get(run.id()).status().isActive();
        } catch (DomainException e) {
            return false; // gone with its project
        }
    }
}
