package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentSettings;
import dev.internvillage.agent.RunService;
import dev.internvillage.common.Timestamps;
import dev.internvillage.review.PullRequest;
import dev.internvillage.task.PlanDocument;
import dev.internvillage.task.PlanImporter;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.TaskService;
import dev.internvillage.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the outcome of an attempt in one transaction: the run's end, the attempt count, and the
 * task or subtask moving on (ACTIVE with the imported plan, COMPLETED with its pull request, or
 * PLANNING_FAILED / BLOCKED-FAILURE when no attempt is left). So the event log sees the run's end
 * and the status change together, or neither.
 */
@Component
class AttemptRecorder {

    private final RunService runs;
    private final TaskService tasks;
    private final SubtaskService subtasks;
    private final PlanImporter planImporter;
    private final AgentSettings settings;

    AttemptRecorder(
            RunService runs,
            TaskService tasks,
            SubtaskService subtasks,
            PlanImporter planImporter,
            AgentSettings settings) {
        this.runs = runs;
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.planImporter = planImporter;
        this.settings = settings;
    }

    /** The error of a run, and the reason of a task, that the owner stopped. */
    static final String STOPPED_BY_USER = "stopped by you";

    /** When another attempt follows, and when it starts. */
    record Retry(boolean willRetry, @Nullable Instant at) {}

    /** The plan is imported (task ACTIVE) and the run SUCCEEDED, together. */
    @Transactional
    void plannerSucceeded(AgentRun run, PlanDocument plan, long tokens) {
        planImporter.importPlan(run.taskId(), plan);
        runs.recordSucceeded(run.id(), tokens, null);
    }

    /** The run FAILED; the task is PLANNING_FAILED when that was the last attempt. */
    @Transactional
    Retry plannerFailed(AgentRun run, long tokens, String error) {
        int failures = tasks.recordPlanningAttemptFailed(run.taskId());
        Retry retry = retryAfter(failures);
        runs.recordFailed(run.id(), tokens, error, retry.willRetry(), retry.at());
        if (!retry.willRetry()) {
            tasks.recordPlanningFailed(run.taskId(), exhausted(failures, error));
        }
        return retry;
    }

    /** The subtask is COMPLETED with its pull request and the run SUCCEEDED, together. */
    @Transactional
    void workerSucceeded(AgentRun run, long tokens, String branch, PullRequest pullRequest) {
        SubtaskId subtask = java.util.Objects.requireNonNull(run.subtaskId());
        subtasks.recordWorkCompleted(subtask, branch, pullRequest.url(), pullRequest.number());
        runs.recordSucceeded(run.id(), tokens, pullRequest.url());
    }

    /** The run FAILED; the subtask is BLOCKED/FAILURE when that was the last attempt. */
    @Transactional
    Retry workerFailed(AgentRun run, long tokens, String error) {
        SubtaskId subtask = java.util.Objects.requireNonNull(run.subtaskId());
        int failures = subtasks.recordAttemptFailed(subtask);
        Retry retry = retryAfter(failures);
        runs.recordFailed(run.id(), tokens, error, retry.willRetry(), retry.at());
        if (!retry.willRetry()) {
            subtasks.recordWorkFailed(subtask, failures);
        }
        return retry;
    }

    /**
     * The run FAILED on the project's check: a CHECKS_FAILED follow-up follows at once with the
     * check's output, or, past the project's {@code max_follow_ups}, the subtask waits for the user.
     */
    @Transactional
    Retry workerChecksFailed(AgentRun run, long tokens, String error, String checkOutput) {
        SubtaskId subtask = java.util.Objects.requireNonNull(run.subtaskId());
        boolean followUp = subtasks.recordChecksFailed(subtask, checkOutput);
        Retry retry = new Retry(followUp, followUp ? Timestamps.now() : null);
        runs.recordFailed(run.id(), tokens, error, retry.willRetry(), retry.at());
        return retry;
    }

    /**
     * The app stopped while the run was active: it FAILED, without counting against the attempts,
     * and its loop resumes at the next start.
     */
    @Transactional
    void interruptedByShutdown(AgentRun run) {
        runs.recordFailed(run.id(), 0, "orchestrator shutdown", true, null);
    }

    /**
     * The owner stopped the loop: its run, if still active, FAILED without a retry and without
     * counting as an attempt; a subtask still IN_PROGRESS is BLOCKED/FAILURE (retry runs it again), a
     * task still PLANNING is PLANNING_FAILED (retry-planning plans it again). A run or subtask that
     * ended meanwhile is left as it is.
     */
    @Transactional
    void stoppedByUser(AgentRun run) {
        if (runs.get(run.id()).status().isActive()) {
            runs.recordFailed(run.id(), 0, STOPPED_BY_USER, false, null);
        }
        SubtaskId subtaskId = run.subtaskId();
        if (subtaskId == null) {
            if (tasks.get(run.taskId()).status() == TaskStatus.PLANNING) {
                tasks.recordPlanningFailed(run.taskId(), STOPPED_BY_USER);
            }
            return;
        }
        Subtask subtask = subtasks.get(subtaskId);
        if (subtask.status() == SubtaskStatus.IN_PROGRESS) {
            subtasks.recordWorkFailed(subtaskId, subtask.retryCount());
        }
    }

    /**
     * The task's budget is reached: the run, if still active, FAILED with "budget reached" ({@code
     * attemptError}, what went wrong in an attempt that failed by itself, added), without a retry and
     * without counting as an attempt; a subtask still IN_PROGRESS is BLOCKED/FAILURE until the budget is
     * raised, a task still PLANNING is PLANNING_FAILED with "budget reached".
     */
    @Transactional
    void stoppedByBudget(AgentRun run, @Nullable String attemptError) {
        if (runs.get(run.id()).status().isActive()) {
            String error = attemptError == null
                    ? TaskService.BUDGET_REACHED
                    : TaskService.BUDGET_REACHED + " (the attempt failed: " + attemptError + ")";
            runs.recordFailed(run.id(), 0, error, false, null);
        }
        SubtaskId subtaskId = run.subtaskId();
        if (subtaskId == null) {
            if (tasks.get(run.taskId()).status() == TaskStatus.PLANNING) {
                tasks.recordPlanningFailed(run.taskId(), TaskService.BUDGET_REACHED);
            }
            return;
        }
        subtasks.recordStoppedByBudget(subtaskId);
    }

    private Retry retryAfter(int failures) {
        if (failures >= settings.maxRetries()) {
            return new Retry(false, null);
        }
        Duration wait = settings.backoff(failures);
        // 0–20 % jitter, so loops that failed together do not retry in lockstep
        long jitter =
                (long) (wait.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble());
        return new Retry(true, Timestamps.now().plus(wait).plusMillis(jitter));
    }

    private String exhausted(int failures, String error) {
        return "gave up after " + failures + " failed attempt" + (failures == 1 ? "" : "s") + "; the last one: "
                + error;
    }
}
