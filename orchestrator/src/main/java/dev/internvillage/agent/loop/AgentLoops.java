package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.AgentProcess;
import dev.internvillage.project.ProjectId;
import dev.internvillage.runlog.RunLogWriter;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * All running agent loops: at most one per task planner and one per subtask worker, sharing
 * {@code AGENT_MAX_CONCURRENT} slots. At start-up it recovers what a crash left behind (runs still
 * QUEUED or RUNNING are failed with "orchestrator restart", loops resume or block by their count);
 * at shutdown it stops taking work and ends running agents, so they resume at the next start.
 */
@Component
public class AgentLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AgentLoops.class);

    private final LoopContext context;
    private final Map<LoopKey, AgentLoop> loops = new HashMap<>();
    private final Map<AgentLoop, Thread> threads = new HashMap<>();
    private volatile boolean running;

    AgentLoops(LoopContext context) {
        this.context = context;
    }

    /** Starts (or re-arms) the planner loop of a task in PLANNING. */
    public void requestPlanning(TaskId taskId) {
        Task task = context.tasks().get(taskId);
        request(new PlannerLoop(new LoopKey(task.projectId(), taskId, null), context));
    }

    /** Starts (or re-arms) the worker loop of a subtask IN_PROGRESS. */
    public void requestWork(SubtaskId subtaskId) {
        Subtask subtask = context.subtasks().get(subtaskId);
        Task task = context.tasks().get(subtask.taskId());
        request(new WorkerLoop(new LoopKey(task.projectId(), task.id(), subtaskId), context));
    }

    /** Stops the task's planner and workers, waiting until their processes are gone. */
    public void cancelTask(TaskId taskId) {
        cancel(key -> key.taskId().equals(taskId), AgentLoop.CancelReason.DELETED);
    }

    /**
     * Stops the task's planner and workers because its budget is reached, waiting until their processes
     * are gone (each loop records its stop; see {@link AgentLoop.CancelReason#BUDGET_REACHED}).
     */
    public void stopForBudget(TaskId taskId) {
        cancel(key -> key.taskId().equals(taskId), AgentLoop.CancelReason.BUDGET_REACHED);
    }

    /** Stops every agent of the project, waiting until their processes are gone. */
    public void cancelProject(ProjectId projectId) {
        cancel(key -> key.projectId().equals(projectId), AgentLoop.CancelReason.DELETED);
    }

    /**
     * Stops the loop working on {@code run} for its owner (see {@link AgentLoop.CancelReason#STOPPED_BY_USER}):
     * kills its process and waits until the loop has recorded the stop. A run no loop works on (left
     * behind, or recorded by hand) is recorded as stopped at once.
     */
    public void stop(AgentRun run) {
        LoopKey key = new LoopKey(run.projectId(), run.taskId(), run.subtaskId());
        AgentLoop loop;
        synchronized (this) {
            loop = loops.get(key);
        }
        if (loop == null) {
            context.recorder().stoppedByUser(run);
            return;
        }
        loop.cancel(AgentLoop.CancelReason.STOPPED_BY_USER);
        awaitEnd(loop);
    }

    /**
     * Hands the user's message to the running agent of {@code run}; false when no loop runs it or its
     * agent takes no message now.
     */
    public boolean send(AgentRun run, String text) {
        AgentLoop loop;
        synchronized (this) {
            loop = loops.get(new LoopKey(run.projectId(), run.taskId(), run.subtaskId()));
        }
        return loop != null && loop.send(run.id(), text);
    }

    /** Waits (bounded) until the loop's thread has ended and it is gone from the registry. */
    private void awaitEnd(AgentLoop loop) {
        long deadline = System.nanoTime() + context.settings().killGrace().toNanos() + 10_000_000_000L;
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

    /** True while an agent loop of the project is queued, running or waiting to retry. */
    public synchronized boolean hasLoops(ProjectId projectId) {
        // a cancelled loop has no process left; its thread is only winding down
        return loops.values().stream().anyMatch(loop -> loop.key.projectId().equals(projectId) && !loop.isCancelled());
    }

    private void request(AgentLoop loop) {
        if (!context.settings().enabled()) {
            return;
        }
        synchronized (this) {
            if (!running) {
                // the next start-up resumes it from the database
                return;
            }
            AgentLoop existing = loops.get(loop.key);
            if (existing != null) {
                existing.requestAgain();
                return;
            }
            loops.put(loop.key, loop);
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
            // after a stop by the owner, a retry that arrived while the loop wound down still runs
            // after a stop by the owner or the budget, a retry that arrived while the loop wound down still runs
            again = loop.wasRequestedAgain()
                    && running
                    && (!loop.isCancelled()
                            || loop.cancelReason() == AgentLoop.CancelReason.STOPPED_BY_USER
                            || loop.cancelReason() == AgentLoop.CancelReason.BUDGET_REACHED);
        }
        if (again) {
            request(loop.key.isPlanner() ? new PlannerLoop(loop.key, context) : new WorkerLoop(loop.key, context));
        }
    }

    private void cancel(Predicate<LoopKey> which, AgentLoop.CancelReason reason) {
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

    @Override
    public void start() {
        synchronized (this) {
            running = true;
        }
        if (context.settings().enabled()) {
            recover();
        }
    }

    @Override
    public void stop() {
        List<Thread> ending;
        synchronized (this) {
            running = false;
            ending = new ArrayList<>(threads.values());
        }
        cancel(key -> true, AgentLoop.CancelReason.SHUTDOWN);
        long deadline = System.nanoTime() + context.settings().killGrace().toNanos() + 10_000_000_000L;
        for (Thread thread : ending) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(java.time.Duration.ofNanos(left))) {
                    log.warn("Agent loop {} did not stop in time", thread.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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

    /** Fails what a crash left active, then resumes every loop the database says should run. */
    private void recover() {
        List<AgentRun> leftovers = context.runs().allActiveRuns();
        List<Long> killed = AgentProcess.killLeftovers(
                leftovers.stream().map(run -> run.id().toString()).collect(java.util.stream.Collectors.toSet()));
        if (!killed.isEmpty()) {
            log.info("Killed agent processes {} left behind by the previous run of the app", killed);
        }
        for (AgentRun run : leftovers) {
            try {
                appendRestartNote(run);
                if (run.agentType() == AgentType.PLANNER) {
                    context.recorder().plannerFailed(run, 0, "orchestrator restart");
                } else {
                    context.recorder().workerFailed(run, 0, "orchestrator restart");
                }
                log.info(
                        "Run {} ({} attempt {}) was active when the app stopped; marked failed",
                        run.id(),
                        run.agentType(),
                        run.attemptNumber());
            } catch (RuntimeException e) {
                log.warn("Could not recover run {}: {}", run.id(), e.getMessage());
            }
        }
        for (Task task : context.tasks().planning()) {
            requestPlanning(task.id());
        }
        for (SubtaskId subtask : context.subtasks().inProgress()) {
            requestWork(subtask);
        }
    }

    private void appendRestartNote(AgentRun run) {
        try (RunLogWriter runLog = context.launcher().openLog(run)) {
            runLog.note("The orchestrator restarted while this run was active; it counts as failed");
            runLog.complete();
        } catch (RuntimeException e) {
            log.debug("Could not append to the log of run {}: {}", run.id(), e.getMessage());
        }
    }
}
