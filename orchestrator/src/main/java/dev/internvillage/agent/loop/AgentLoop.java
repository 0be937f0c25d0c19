package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.process.AgentProcess;
import dev.internvillage.agent.workspace.WorkspaceException;
import dev.internvillage.auth.UserId;
import dev.internvillage.git.GitException;
import dev.internvillage.runlog.RunLogWriter;
import dev.internvillage.task.PlanValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loop of docs/agents.md: queue an attempt, wait for an agent slot, run it, and on failure wait
 * out the backoff and try again, until success, the last attempt, or cancellation. Subclasses say
 * what an attempt is (planner or worker). Nothing here interrupts threads: cancellation kills the
 * process and wakes the waits, so database calls are never cut off half-way.
 */
abstract class AgentLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(AgentLoop.class);

    /** Why a loop was cancelled. */
    enum CancelReason {
        /** Its task or project is being deleted: record nothing more. */
        DELETED,
        /** The app is stopping: the active run is recorded as failed and resumes at the next start. */
        SHUTDOWN,
        /**
         * The owner stopped the run: it is recorded as failed without a retry, and the subtask is
         * BLOCKED/FAILURE (the task PLANNING_FAILED) until they retry it.
         */
        STOPPED_BY_USER,
        /**
         * The task's budget is reached: its run is recorded as failed with "budget reached", without a
         * retry, and the subtask is BLOCKED/FAILURE (the task PLANNING_FAILED) until the budget is raised.
         */
        BUDGET_REACHED,
        /**
         * Another instance took the loop over (this one missed its heartbeats, e.g. paused): record
         * nothing more, the new holder has recorded the run's end.
         */
        LEASE_LOST
    }

    /**
     * The result of one attempt. A success carries the database change that records it, made only
     * after the log is complete, so whoever sees the run end finds its whole log. A failure of the
     * project's check carries the end of the check's output ({@code checkOutput}) for the next prompt.
     */
    record AttemptResult(
            boolean succeeded,
            long tokens,
            @Nullable String error,
            @Nullable Runnable record,
            @Nullable String checkOutput) {
        static AttemptResult success(long tokens, Runnable record) {
            return new AttemptResult(true, tokens, null, record, null);
        }

        static AttemptResult failure(long tokens, String error) {
            return new AttemptResult(false, tokens, error, null, null);
        }

        static AttemptResult checksFailed(long tokens, String error, String checkOutput) {
            return new AttemptResult(false, tokens, error, null, checkOutput);
        }
    }

    final LoopKey key;
    final LoopContext context;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile @Nullable CancelReason cancelReason;
    private volatile @Nullable AgentProcess process;
    private volatile @Nullable RunId runningRun;
    private volatile @Nullable AgentRun firstRun;
    private volatile boolean requestedAgain;
    private @Nullable String prompt;

    AgentLoop(LoopKey key, LoopContext context) {
        this.key = key;
        this.context = context;
    }

    /**
     * Renders the prompt and records the next attempt as QUEUED, or returns null when the loop has
     * nothing (more) to do; may record the final failure when no attempt is left.
     */
    abstract @Nullable Queued queueAttempt();

    /**
     * Prepares the workspace and runs the agent; a success returns the change that records it (see
     * {@link AttemptResult}).
     */
    abstract AttemptResult attempt(AgentRun run, RunLogWriter runLog, String prompt) throws Exception;

    /** Records a failed attempt; says whether and when another follows. */
    abstract AttemptRecorder.Retry recordFailure(AgentRun run, AttemptResult result);

    /** A queued attempt and its prompt. */
    record Queued(AgentRun run, String prompt) {}

    /** Queues the first attempt on the caller's thread, so the run is visible at once. */
    void queueFirst() {
        Queued queued = queueAttempt();
        if (queued != null) {
            prompt = queued.prompt();
            firstRun = queued.run();
        }
    }

    @Override
    public void run() {
        try {
            AgentRun run = firstRun;
            if (run == null) {
                Queued queued = queueAttempt();
                run = queued == null ? null : queued.run();
                prompt = queued == null ? null : queued.prompt();
            }
            while (run != null && !isCancelled()) {
                UserId owner = context.projects().get(key.projectId()).ownerId();
                if (!acquireSlot(owner)) {
                    afterCancel(run);
                    return;
                }
                AttemptResult result;
                try {
                    result = execute(run);
                } finally {
                    context.slots().release(owner);
                }
                if (isCancelled()) {
                    afterCancel(run);
                    return;
                }
                if (result.succeeded()) {
                    try {
                        java.util.Objects.requireNonNull(result.record()).run();
                        // the run's cost counts: reaching the budget stops the task's other agents
                        context.tasks().recordUsage(key.taskId());
                        return;
                    } catch (PlanValidationException e) {
                        result = AttemptResult.failure(result.tokens(), PlannerLoop.describe(e));
                    }
                }
                if (context.tasks().recordUsage(key.taskId())) {
                    // this attempt used up the task's budget: no retry follows it
                    context.recorder().stoppedByBudget(run, result.error());
                    return;
                }
                AttemptRecorder.Retry retry = recordFailure(run, result);
                if (!retry.willRetry()) {
                    return;
                }
                if (waitUntil(retry.at())) {
                    // stopped while waiting for the next attempt: the work stops here too
                    afterStop(run);
                    return;
                }
                Queued queued = queueAttempt();
                run = queued == null ? null : queued.run();
                prompt = queued == null ? null : queued.prompt();
            }
            if (run != null) {
                // stopped before its queued attempt began
                afterStop(run);
            }
        } catch (RuntimeException e) {
            if (isCancelled()) {
                log.debug("{} ended after cancellation: {}", key, e.getMessage());
            } else {
                log.error("{} stopped unexpectedly", key, e);
            }
        }
    }

    /** Stops the loop: kills its process (waiting for it to die) and wakes any wait. */
    void cancel(CancelReason reason) {
        if (cancelReason == null) {
            cancelReason = reason;
        }
        cancelled.countDown();
        context.slots().wakeAll();
        AgentProcess current = process;
        if (current != null) {
            current.cancel();
        }
    }

    boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Why the loop was cancelled, null while it was not. */
    @Nullable
    CancelReason cancelReason() {
        return cancelReason;
    }

    /** Asks for one more pass once this loop ends (a retry arrived while it was finishing). */
    void requestAgain() {
        requestedAgain = true;
    }

    boolean wasRequestedAgain() {
        return requestedAgain;
    }

    /** The error of the loop's latest failed run, for the next prompt. */
    @Nullable
    String lastError() {
        java.util.List<AgentRun> history = context.runs().history(key.taskId(), key.subtaskId());
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).status() == dev.internvillage.agent.RunStatus.FAILED) {
                return history.get(i).errorMessage();
            }
        }
        return null;
    }

    /**
     * Hands the user's message to the agent of {@code run} while it runs.
     *
     * @return false when that run is not the one running here, or its agent takes no message now
     */
    boolean send(RunId run, String text) {
        AgentProcess current = process;
        return run.equals(runningRun) && current != null && current.send(text);
    }

    /** Called by subclasses as soon as their process starts. */
    void started(AgentProcess started) {
        process = started;
        // a cancel that came just before the process existed still kills it
        if (isCancelled()) {
            started.cancel();
        }
    }

    private AttemptResult execute(AgentRun queued) {
        AgentRun run = context.runs().recordRunning(queued.id());
        runningRun = run.id();
        try (RunLogWriter runLog = context.launcher().openLog(run)) {
            String text = prompt == null ? "" : prompt;
            Files.writeString(context.launcher().besideLog(run, ".prompt.md"), text);
            AttemptResult result;
            try {
                result = attempt(run, runLog, text);
            } catch (WorkspaceException | GitException e) {
                result = AttemptResult.failure(0, e.getMessage());
            } catch (IOException e) {
                result = AttemptResult.failure(0, "could not run the agent: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = AttemptResult.failure(0, "interrupted");
            } catch (RuntimeException e) {
                if (isCancelled()) {
                    throw e;
                }
                log.warn("{}: attempt {} failed unexpectedly", key, run.attemptNumber(), e);
                result = AttemptResult.failure(0, "orchestrator error: " + e);
            } catch (Exception e) {
                result = AttemptResult.failure(0, e.toString());
            }
            process = null;
            runningRun = null;
            if (isCancelled()) {
                runLog.note(
                        switch (java.util.Objects.requireNonNull(cancelReason)) {
                            case SHUTDOWN -> "Stopped: the orchestrator is shutting down";
                            case DELETED -> "Stopped: the work was deleted";
                            case STOPPED_BY_USER -> "Stopped by you";
                            case BUDGET_REACHED -> "Stopped: the task's budget is reached";
                            case LEASE_LOST -> "Stopped: another instance took this work over";
                        });
            } else if (result.succeeded()) {
                runLog.note("Attempt " + run.attemptNumber() + " succeeded");
            } else {
                runLog.note("Attempt " + run.attemptNumber() + " failed: " + result.error());
            }
            runLog.complete();
            return result;
        } catch (IOException e) {
            return AttemptResult.failure(0, "could not write the run's files: " + e.getMessage());
        }
    }

    /** Records the end of a cancelled loop's run (a deleted one leaves nothing to record). */
    private void afterCancel(AgentRun run) {
        if (cancelReason == CancelReason.SHUTDOWN) {
            context.recorder().interruptedByShutdown(run);
        } else {
            afterStop(run);
        }
    }

    /** Records a stop by the owner or by the budget (a cancel for shutdown or deletion records nothing here). */
    private void afterStop(AgentRun run) {
        if (cancelReason == CancelReason.STOPPED_BY_USER) {
            context.recorder().stoppedByUser(run);
        } else if (cancelReason == CancelReason.BUDGET_REACHED) {
            context.recorder().stoppedByBudget(run, null);
            // what the stopped run cost counts too
            context.tasks().recordUsage(key.taskId());
        }
    }

    /** Waits for a free agent slot within the owner's share; false when cancelled first. */
    private boolean acquireSlot(UserId owner) {
        try {
            return context.slots().acquire(owner, this::isCancelled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until {@code at}; true when cancelled meanwhile. */
    private boolean waitUntil(@Nullable Instant at) {
        if (at == null) {
            return isCancelled();
        }
        try {
            Duration wait = Duration.between(Instant.now(), at);
            return cancelled.await(Math.max(wait.toMillis(), 0), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
