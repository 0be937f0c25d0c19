package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.PeriodicJob;
import dev.internvillage.project.ProjectId;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * All agent loops of this instance: at most one per task planner and one per subtask worker, sharing
 * {@code AGENT_MAX_CONCURRENT} slots. A loop runs only on the instance that holds its lease ({@link
 * LoopLeases}); a request for a loop another instance holds is carried to it ({@link LoopCommands}).
 * At start-up, and on every heartbeat after, it takes over what a dead instance (or this app's crash)
 * left behind (see {@link LoopTakeover}); at shutdown it stops taking work, ends running agents and
 * hands their loops back, so another instance (or the next start) resumes them at once.
 */
@Component
public class AgentLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AgentLoops.class);

    private final LoopContext context;
    private final LoopLeases leases;
    private final LoopCommands commands;
    private final LeaseSettings leaseSettings;
    private final LoopTakeover takeover;
    private final PeriodicJob heartbeat = new PeriodicJob("loop-leases");
    private final Map<LoopKey, AgentLoop> loops = new HashMap<>();
    private final Map<AgentLoop, Thread> threads = new HashMap<>();
    private volatile boolean running;

    AgentLoops(LoopContext context, LoopLeases leases, LoopCommands commands, LeaseSettings leaseSettings) {
        this.context = context;
        this.leases = leases;
        this.commands = commands;
        this.leaseSettings = leaseSettings;
        this.takeover = new LoopTakeover(this, context, leases);
    }

    /** Starts (or re-arms) the planner loop of a task in PLANNING. */
    public void requestPlanning(TaskId taskId) {
        Task task = context.tasks().get(taskId);
        request(new LoopKey(task.projectId(), taskId, null));
    }

    /** Starts (or re-arms) the worker loop of a subtask IN_PROGRESS. */
    public void requestWork(SubtaskId subtaskId) {
        Subtask subtask = context.subtasks().get(subtaskId);
        Task task = context.tasks().get(subtask.taskId());
        request(new LoopKey(task.projectId(), task.id(), subtaskId));
    }

    /** Stops the task's planner and workers, waiting until their processes are gone. */
    public void cancelTask(TaskId taskId) {
        cancelHere(key -> key.taskId().equals(taskId), AgentLoop.CancelReason.DELETED);
        cancelElsewhere(leases.othersOfTask(taskId), LoopCommands.Command.CANCEL_TASK);
    }

    /**
     * Stops the task's planner and workers because its budget is reached, waiting until their processes
     * are gone (each loop records its stop; see {@link AgentLoop.CancelReason#BUDGET_REACHED}).
     */
    public void stopForBudget(TaskId taskId) {
        cancelHere(key -> key.taskId().equals(taskId), AgentLoop.CancelReason.BUDGET_REACHED);
        cancelElsewhere(leases.othersOfTask(taskId), LoopCommands.Command.BUDGET_STOP);
    }

    /** Stops every agent of the project, waiting until their processes are gone. */
    public void cancelProject(ProjectId projectId) {
        cancelHere(key -> key.projectId().equals(projectId), AgentLoop.CancelReason.DELETED);
        cancelElsewhere(leases.othersOfProject(projectId), LoopCommands.Command.CANCEL_PROJECT);
    }

    /**
     * Stops the loop working on {@code run} for its owner (see {@link AgentLoop.CancelReason#STOPPED_BY_USER}):
     * kills its process and waits until the loop has recorded the stop, on whichever instance holds
     * it. A run no loop works on (left behind, or recorded by hand) is recorded as stopped at once.
     *
     * @throws DomainException CONFLICT when the instance holding the loop did not confirm the stop in time
     */
    public void stop(AgentRun run) {
        LoopKey key = keyOf(run);
        AgentLoop loop = local(key);
        if (loop != null) {
            loop.cancel(AgentLoop.CancelReason.STOPPED_BY_USER);
            awaitEnd(loop);
            return;
        }
        LoopLeases.@Nullable Holder holder = leases.holder(key);
        if (leases.isOtherLive(holder)) {
            UUID id = commands.sendToLoop(
                    Objects.requireNonNull(holder).instanceId(), LoopCommands.Command.STOP, key, run.id(), null);
            LoopCommands.Outcome outcome = commands.await(id, stopWait());
            if (outcome == LoopCommands.Outcome.NO_ANSWER) {
                throw DomainException.conflict("the instance running this agent (" + holder.instanceId()
                        + ") did not confirm the stop in time; it is still stopping, or it died and its work"
                        + " is taken over within " + leaseSettings.lease().toSeconds() + " s");
            }
            if (outcome == LoopCommands.Outcome.DONE) {
                return;
            }
            // its loop had ended there meanwhile: the run is recorded here
            holder = leases.holder(key);
        }
        // nobody runs it: held while recording, so no instance takes the loop over meanwhile
        if (!leases.claim(key, holder)) {
            throw DomainException.conflict("another instance just took this agent's work over; try again");
        }
        try {
            context.recorder().stoppedByUser(run);
        } finally {
            synchronized (this) {
                if (!loops.containsKey(key)) {
                    leases.release(key);
                }
            }
        }
    }

    /**
     * Hands the user's message to the running agent of {@code run}, on whichever instance runs it;
     * false when no loop runs it or its agent takes no message now.
     */
    public boolean send(AgentRun run, String text) {
        LoopKey key = keyOf(run);
        AgentLoop loop = local(key);
        if (loop != null) {
            return loop.send(run.id(), text);
        }
        LoopLeases.@Nullable Holder holder = leases.holder(key);
        if (!leases.isOtherLive(holder)) {
            return false;
        }
        UUID id = commands.sendToLoop(
                Objects.requireNonNull(holder).instanceId(), LoopCommands.Command.MESSAGE, key, run.id(), text);
        return commands.await(id, MESSAGE_WAIT) == LoopCommands.Outcome.DONE;
    }

    /** How long a message waits for the instance that runs the agent. */
    private static final java.time.Duration MESSAGE_WAIT = java.time.Duration.ofSeconds(10);

    private java.time.Duration stopWait() {
        return context.settings().killGrace().plusSeconds(10);
    }

    /** Waits (bounded) until the loop's thread has ended and it is gone from the registry. */
    private void awaitEnd(AgentLoop loop) {
        long deadline = System.nanoTime() + stopWait().toNanos();
        while (System.nanoTime() < deadline) {
            Thread thread;
            synchronized (this) {
                if (loops.get(loop.key) != loop) {
                    return;
                }
                thread = threads.get(loop);
            }
            try {
                if (thread == null) {
                    // still queueing its first attempt on the requesting thread
                    Thread.sleep(10);
                } else {
                    thread.join(java.time.Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("{} did not stop in time", loop.key);
    }

    /**
     * True while an agent loop of the project is queued, running or waiting to retry, on this instance
     * or on another live one.
     */
    public boolean hasLoops(ProjectId projectId) {
        synchronized (this) {
            // a cancelled loop has no process left; its thread is only winding down
            if (loops.values().stream()
                    .anyMatch(loop -> loop.key.projectId().equals(projectId) && !loop.isCancelled())) {
                return true;
            }
        }
        return leases.othersOfProject(projectId).stream().anyMatch(lease -> !leases.isGone(lease.holder()));
    }

    private synchronized @Nullable AgentLoop local(LoopKey key) {
        return loops.get(key);
    }

    private static LoopKey keyOf(AgentRun run) {
        return new LoopKey(run.projectId(), run.taskId(), run.subtaskId());
    }

    /**
     * Starts the loop here, or re-arms it where it runs: here when this instance holds (or now takes)
     * its lease, else on the holder. Never a second loop for one key anywhere.
     */
    void request(LoopKey key) {
        if (!context.settings().enabled()) {
            return;
        }
        AgentLoop loop = key.isPlanner() ? new PlannerLoop(key, context) : new WorkerLoop(key, context);
        LoopLeases.@Nullable Holder holder = null;
        boolean claimed = false;
        synchronized (this) {
            if (!running) {
                // the next start-up (or another instance) resumes it from the database
                return;
            }
            AgentLoop existing = loops.get(key);
            if (existing != null) {
                existing.requestAgain();
                return;
            }
            // claimed and registered under one lock, so a loop ending here never releases a lease just renewed;
            // a second try when the holder let go between the claim and the look at who holds it
            for (int tries = 0; tries < 2 && holder == null; tries++) {
                if (leases.claim(key, null)) {
                    loops.put(key, loop);
                    claimed = true;
                    break;
                }
                holder = leases.holder(key);
            }
        }
        if (!claimed) {
            if (holder != null) {
                commands.sendToLoop(holder.instanceId(), LoopCommands.Command.REQUEST, key, null, null);
            }
            return;
        }
        // Queued before returning, so the caller's response already shows the run. On a thread of its
        // own: callers are after-commit listeners, whose thread still holds the finished transaction,
        // and a write joining it would never be committed.
        Thread queueing = Thread.ofVirtual().start(() -> {
            try {
                loop.queueFirst();
            } catch (RuntimeException e) {
                log.warn("{}: could not queue its first attempt; the loop tries again: {}", loop.key, e.getMessage());
            }
        });
        try {
            queueing.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread thread = Thread.ofVirtual().name("agent-loop-" + loop.key).unstarted(() -> {
            try {
                loop.run();
            } finally {
                finished(loop);
            }
        });
        synchronized (this) {
            threads.put(loop, thread);
        }
        thread.start();
    }

    private void finished(AgentLoop loop) {
        boolean again;
        synchronized (this) {
            loops.remove(loop.key, loop);
            threads.remove(loop);
            // after a stop by the owner or the budget, a retry that arrived while the loop wound down still runs
            again = loop.wasRequestedAgain()
                    && running
                    && (!loop.isCancelled()
                            || loop.cancelReason() == AgentLoop.CancelReason.STOPPED_BY_USER
                            || loop.cancelReason() == AgentLoop.CancelReason.BUDGET_REACHED);
            if (!again) {
                try {
                    if (loop.cancelReason() == AgentLoop.CancelReason.SHUTDOWN) {
                        leases.handBack(loop.key);
                    } else if (loop.cancelReason() != AgentLoop.CancelReason.LEASE_LOST) {
                        leases.release(loop.key);
                    }
                } catch (RuntimeException e) {
                    // the lease then expires by itself
                    log.warn("{}: could not give its lease up: {}", loop.key, e.getMessage());
                }
            }
        }
        if (again) {
            request(loop.key);
        }
    }

    private void cancelHere(Predicate<LoopKey> which, AgentLoop.CancelReason reason) {
        List<AgentLoop> matching;
        synchronized (this) {
            matching = loops.values().stream().filter(l -> which.test(l.key)).toList();
        }
        // each cancel kills a process tree and waits for it; in parallel, so many agents stop quickly
        List<Thread> stopping = new ArrayList<>();
        for (AgentLoop loop : matching) {
            stopping.add(Thread.ofVirtual().start(() -> loop.cancel(reason)));
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Asks every live instance holding one of {@code held} to stop those loops, and waits (bounded)
     * until each has: a task's rows go only after its agents everywhere are gone.
     */
    private void cancelElsewhere(List<LoopLeases.Lease> held, LoopCommands.Command command) {
        Map<String, LoopKey> byInstance = new HashMap<>();
        for (LoopLeases.Lease lease : held) {
            if (!leases.isGone(lease.holder())) {
                byInstance.putIfAbsent(lease.holder().instanceId(), lease.key());
            }
        }
        List<UUID> sent = new ArrayList<>();
        byInstance.forEach((instance, key) -> sent.add(commands.send(
                instance,
                command,
                key.projectId(),
                command == LoopCommands.Command.CANCEL_PROJECT ? null : key.taskId(),
                null,
                null,
                null)));
        for (UUID id : sent) {
            if (commands.await(id, stopWait()) == LoopCommands.Outcome.NO_ANSWER) {
                log.warn("An instance did not confirm {} in time; its leases expire if it is gone", command);
            }
        }
    }

    /** Carries out a command another instance sent here. */
    private void execute(LoopCommands.Pending command) {
        boolean done = true;
        try {
            switch (command.command()) {
                case REQUEST ->
                    request(new LoopKey(
                            command.projectId(), Objects.requireNonNull(command.taskId()), command.subtaskId()));
                case STOP -> {
                    AgentRun run = context.runs().get(Objects.requireNonNull(command.runId()));
                    AgentLoop loop = local(keyOf(run));
                    if (loop == null) {
                        // it ended meanwhile, or was never here: the sender records the stop itself
                        done = false;
                    } else {
                        loop.cancel(AgentLoop.CancelReason.STOPPED_BY_USER);
                        awaitEnd(loop);
                    }
                }
                case CANCEL_TASK ->
                    cancelHere(key -> key.taskId().equals(command.taskId()), AgentLoop.CancelReason.DELETED);
                case BUDGET_STOP ->
                    cancelHere(key -> key.taskId().equals(command.taskId()), AgentLoop.CancelReason.BUDGET_REACHED);
                case CANCEL_PROJECT ->
                    cancelHere(key -> key.projectId().equals(command.projectId()), AgentLoop.CancelReason.DELETED);
                case MESSAGE -> {
                    AgentRun run = context.runs().get(Objects.requireNonNull(command.runId()));
                    AgentLoop loop = local(keyOf(run));
                    done = loop != null && loop.send(run.id(), String.valueOf(command.body()));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not carry out {} from another instance: {}", command.command(), e.getMessage());
            done = false;
        }
        if (command.command() == LoopCommands.Command.REQUEST) {
            commands.delete(command.id());
        } else {
            commands.answer(command.id(), done);
        }
    }

    /** Takes the commands addressed here, each on a thread of its own (a stop waits for its agent). */
    private void takeCommands() {
        try {
            commands.takeMine(command ->
                    Thread.ofVirtual().name("loop-command-" + command.command()).start(() -> execute(command)));
        } catch (RuntimeException e) {
            log.warn("Could not read the commands for this instance: {}", e.getMessage());
        }
    }

    /**
     * The heartbeat: renews this instance's leases in one statement, stops loops whose lease another
     * instance took (this one missed its heartbeats), releases leases no loop here uses, takes the
     * commands addressed here (in case a signal was lost) and takes over dead instances' loops.
     */
    private void beat() {
        try {
            leases.renewAll();
            List<AgentLoop> lost = new ArrayList<>();
            synchronized (this) {
                if (!running) {
                    return;
                }
                Set<String> unused = leases.heldHere();
                for (AgentLoop loop : loops.values()) {
                    if (!unused.remove(LoopLeases.keyOf(loop.key))) {
                        lost.add(loop);
                    }
                }
                // e.g. a re-arm that found the app stopping after it had taken the lease
                for (LoopLeases.Lease lease : leases.all()) {
                    if (unused.contains(LoopLeases.keyOf(lease.key()))) {
                        leases.release(lease.key());
                    }
                }
            }
            for (AgentLoop loop : lost) {
                log.warn("{}: another instance took its lease over; stopping it here", loop.key);
                loop.cancel(AgentLoop.CancelReason.LEASE_LOST);
            }
            takeCommands();
            commands.deleteOlderThan(leaseSettings.lease().multipliedBy(3));
            if (running) {
                takeover.takeOverLost("instance lost");
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat of the loop leases failed: {}", e.getMessage());
        }
    }

    /** True when a loop for {@code key} runs on this instance. */
    synchronized boolean runsHere(LoopKey key) {
        return loops.containsKey(key);
    }

    @Override
    public void start() {
        synchronized (this) {
            running = true;
        }
        if (context.settings().enabled()) {
            commands.listen(
                    () -> Thread.ofVirtual().name("loop-commands").start(this::takeCommands),
                    () -> heartbeat.runSoon(() -> {
                        if (running) {
                            takeover.takeOverLost("instance lost");
                        }
                    }));
            // what a crash of this app, or a dead instance, left behind
            takeover.takeOverLost("orchestrator restart");
            heartbeat.start(leaseSettings.heartbeat(), leaseSettings.heartbeat(), this::beat);
        }
    }

    @Override
    public void stop() {
        List<Thread> ending;
        synchronized (this) {
            running = false;
            ending = new ArrayList<>(threads.values());
        }
        cancelHere(key -> true, AgentLoop.CancelReason.SHUTDOWN);
        long deadline = System.nanoTime() + stopWait().toNanos();
        for (Thread thread : ending) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(java.time.Duration.ofNanos(left))) {
                    log.warn("Agent loop {} did not stop in time", thread.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        heartbeat.stop();
        if (context.settings().enabled() && !ending.isEmpty()) {
            try {
                commands.announceHandBack();
            } catch (RuntimeException e) {
                log.warn("Could not announce the loops handed back: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * After the web server (which stops first, ending requests), before the database goes: a phase
     * lower than the web server's.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
