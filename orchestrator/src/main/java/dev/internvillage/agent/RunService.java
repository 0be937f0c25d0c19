package dev.internvillage.agent;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.auth.UserId;
import dev.internvillage.cluster.InstanceId;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.runlog.LogLine;
import dev.internvillage.runlog.RunLogReader;
import dev.internvillage.runlog.SharedLogs;
import dev.internvillage.task.CurrentRunProvider;
import dev.internvillage.task.CurrentRunProvider.CurrentRun;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskId;
import dev.internvillage.task.TaskService;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Agent runs: their records, history and logs. */
@Service
public class RunService implements CurrentRunProvider {

    public static final int MAX_PAGE = 10_000;
    public static final int MAX_CONTENT_CHARS = 8 * 1024 * 1024;

    private final RunRepository runs;
    private final TaskService tasks;
    private final SubtaskService subtasks;
    private final DataDirectory dataDirectory;
    private final ProjectService projects;
    private final ApplicationEventPublisher events;
    private final RunLogReader logReader;
    private final SharedLogs sharedLogs;
    private final InstanceId instanceId;

    RunService(
            RunRepository runs,
            TaskService tasks,
            SubtaskService subtasks,
            DataDirectory dataDirectory,
            ProjectService projects,
            ApplicationEventPublisher events,
            RunLogReader logReader,
            SharedLogs sharedLogs,
            InstanceId instanceId) {
        this.runs = runs;
        this.sharedLogs = sharedLogs;
        this.instanceId = instanceId;
        this.logReader = logReader;
        this.events = events;
        this.projects = projects;
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.dataDirectory = dataDirectory;
    }

    public List<AgentRun> plannerRuns(CurrentUser user, TaskId taskId) {
        tasks.get(user, taskId);
        return runs.findPlannerRuns(taskId);
    }

    public List<AgentRun> workerRuns(CurrentUser user, SubtaskId subtaskId) {
        subtasks.get(user, subtaskId);
        return runs.findWorkerRuns(subtaskId);
    }

    /** The project's queued and running runs, oldest first (for {@code active-runs}). */
    public List<AgentRun> activeRuns(CurrentUser user, ProjectId projectId) {
        projects.get(user, projectId);
        return runs.findActive(projectId);
    }

    /** The queued and running runs of all the user's projects. */
    public List<AgentRun> activeRuns(UserId owner) {
        return runs.findActiveOfOwner(owner);
    }

    /** The project's queued and running runs, without an ownership check. */
    public List<AgentRun> activeRuns(ProjectId projectId) {
        return runs.findActive(projectId);
    }

    /**
     * The run, if the user owns its project; another user's run is answered like a missing one,
     * and the message names no id.
     *
     * @throws DomainException NOT_FOUND
     */
    public AgentRun get(CurrentUser user, RunId id) {
        return runs.find(id)
                .filter(run -> projects.isOwnedBy(user, run.projectId()))
                .orElseThrow(() -> DomainException.notFound("run"));
    }

    /**
     * The whole log as one text, up to {@link #MAX_CONTENT_CHARS} characters of whole lines; a longer
     * log is marked {@code truncated} and is read in pages instead.
     */
    public LogContent content(CurrentUser user, RunId id) {
        AgentRun run = get(user, id);
        RunLogReader.Content content = logReader.readContent(readableLog(run), MAX_CONTENT_CHARS);
        return new LogContent(
                content.text(), content.lineCount(), isComplete(run, content.sentinelSeen()), content.truncated());
    }

    /** Up to {@code limit} lines from line {@code fromLine} (1-based). */
    public LogPage lines(CurrentUser user, RunId id, int fromLine, int limit) {
        if (fromLine < 1) {
            throw DomainException.invalid("from_line must be 1 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw DomainException.invalid("limit must be from 1 to " + MAX_PAGE);
        }
        AgentRun run = get(user, id);
        RunLogReader.Page page = logReader.read(readableLog(run), fromLine, limit);
        int next = page.lines().isEmpty()
                ? Math.max(fromLine, page.lineCount() + 1)
                : page.lines().getLast().lineNumber() + 1;
        return new LogPage(
                page.lines(), next, isComplete(run, page.sentinelSeen()) && next > page.lineCount(), page.lineCount());
    }

    /**
     * Records a new attempt waiting for an agent slot (QUEUED) with its rendered prompt, numbered
     * after the earlier attempts, and decides where its log goes: {@code
     * logs/{project}/{task}/{subtask|task}/run-NNN.log} under the data directory.
     */
    @Transactional
    public AgentRun recordQueued(TaskId taskId, @Nullable SubtaskId subtaskId, String prompt) {
        return recordQueued(taskId, subtaskId, prompt, null);
    }

    /** {@link #recordQueued(TaskId, SubtaskId, String)} for a run with a cause (a follow-up). */
    @Transactional
    public AgentRun recordQueued(
            TaskId taskId, @Nullable SubtaskId subtaskId, String prompt, @Nullable FollowUpReason reason) {
        AgentRun run = newRun(taskId, subtaskId, runs.nextAttemptNumber(taskId, subtaskId), RunStatus.QUEUED, reason);
        runs.insert(run, prompt);
        events.publishEvent(new AgentRunQueued(run));
        return run;
    }

    /** QUEUED → RUNNING on this instance: the agent got its slot and is about to start. */
    @Transactional
    public AgentRun recordRunning(RunId id) {
        runs.markRunning(id, Timestamps.now(), instanceId.value());
        AgentRun run = runs.find(id).orElseThrow();
        events.publishEvent(new AgentRunStarted(run));
        return run;
    }

    /**
     * Records a RUNNING attempt directly (no queue), numbered {@code attempt}; for tests and tools
     * that drive runs by hand.
     */
    @Transactional
    public AgentRun recordStarted(TaskId taskId, @Nullable SubtaskId subtaskId, int attempt, String prompt) {
        AgentRun run = newRun(taskId, subtaskId, attempt, RunStatus.RUNNING, null);
        runs.insert(run, prompt);
        events.publishEvent(new AgentRunStarted(run));
        return run;
    }

    /** RUNNING → SUCCEEDED; a worker's tokens are added to its subtask's total. */
    @Transactional
    public AgentRun recordSucceeded(RunId id, long tokens, @Nullable String prUrl) {
        AgentRun run = finish(id, RunStatus.SUCCEEDED, tokens, null);
        events.publishEvent(new AgentRunCompleted(run, prUrl));
        return run;
    }

    /** QUEUED or RUNNING → FAILED, saying whether (and when) another attempt follows. */
    @Transactional
    public AgentRun recordFailed(
            RunId id, long tokens, String error, boolean willRetry, @Nullable Instant nextAttemptAt) {
        AgentRun run = finish(id, RunStatus.FAILED, tokens, error);
        events.publishEvent(new AgentRunFailed(run, willRetry, nextAttemptAt));
        return run;
    }

    /** Ends an active run with its outcome (no retry follows a failure recorded here). */
    @Transactional
    public AgentRun recordFinished(RunId id, RunStatus outcome, long tokens, @Nullable String error) {
        return switch (outcome) {
            case SUCCEEDED -> recordSucceeded(id, tokens, null);
            case FAILED -> recordFailed(id, tokens, error == null ? "failed" : error, false, null);
            default -> throw new IllegalArgumentException("a finished run cannot be " + outcome);
        };
    }

    /** The attempt's runtime and the session it continues (null: a fresh one), as its agent starts. */
    @Transactional
    public void recordSession(RunId id, String runtime, @Nullable String resumedSessionId) {
        runs.recordSession(id, runtime, resumedSessionId);
    }

    /**
     * What the agent reported when its process ended (model, tokens, cost, session id), kept on the
     * run before its outcome is recorded, so the run's end and its events carry them.
     */
    @Transactional
    public void recordUsage(RunId id, RunUsage usage, @Nullable String sessionId) {
        runs.recordUsage(id, usage, sessionId);
    }

    /** The instance that executed the run; empty while it is queued (or for runs from before instances were recorded). */
    public Optional<String> instanceOf(RunId id) {
        return runs.instanceOf(id);
    }

    /** Runs left QUEUED or RUNNING, across all projects (for recovery at start-up). */
    public List<AgentRun> allActiveRuns() {
        return runs.findAllActive();
    }

    /** All runs of a task's planner ({@code subtaskId} null) or of a subtask, by attempt. */
    public List<AgentRun> history(TaskId taskId, @Nullable SubtaskId subtaskId) {
        return subtaskId == null ? runs.findPlannerRuns(taskId) : runs.findWorkerRuns(subtaskId);
    }

    public AgentRun get(RunId id) {
        return runs.find(id).orElseThrow(() -> DomainException.notFound("run " + id));
    }

    private AgentRun finish(RunId id, RunStatus outcome, long tokens, @Nullable String error) {
        AgentRun run = get(id);
        // a run stopped after its agent reported its usage keeps those tokens
        long total = Math.max(tokens, run.usage().totalTokens());
        Instant now = Timestamps.now();
        // the owner reads this message; a path of the server's files in it says nothing they can use
        String scrubbed = error == null ? null : dataDirectory.withoutPaths(error);
        String message = scrubbed == null || scrubbed.length() <= 4000 ? scrubbed : scrubbed.substring(0, 3997) + "...";
        runs.finish(id, outcome, now, Duration.between(run.startedAt(), now).toMillis(), total, message);
        BigDecimal cost = run.usage().costUsd();
        if (run.subtaskId() != null && (total > 0 || cost != null)) {
            subtasks.addUsage(run.subtaskId(), total, cost);
        }
        return get(id);
    }

    private AgentRun newRun(
            TaskId taskId,
            @Nullable SubtaskId subtaskId,
            int attempt,
            RunStatus status,
            @Nullable FollowUpReason reason) {
        Task task = tasks.get(taskId);
        AgentType type = subtaskId == null ? AgentType.PLANNER : AgentType.WORKER;
        Path log = dataDirectory
                .logs()
                .resolve(task.projectId().toString())
                .resolve(taskId.toString())
                .resolve(subtaskId == null ? "task" : subtaskId.toString())
                .resolve("run-%03d.log".formatted(attempt));
        return new AgentRun(
                new RunId(UUID.randomUUID()),
                task.projectId(),
                taskId,
                subtaskId,
                type,
                attempt,
                status,
                Timestamps.now(),
                null,
                null,
                0,
                null,
                dataDirectory.relativize(log),
                reason,
                null,
                RunUsage.ofTotal(0),
                null,
                null);
    }

    /** Where a run's log file is on disk. */
    public Path logFile(AgentRun run) {
        return dataDirectory.resolve(run.logPath());
    }

    /**
     * The file to read a run's log from: its log file, or, when another instance ran the agent, the
     * local copy of the log it shared.
     */
    private Path readableLog(AgentRun run) {
        return sharedLogs.readable(run.id().value(), logFile(run));
    }

    @Override
    public Optional<CurrentRun> currentRun(SubtaskId subtaskId) {
        return runs.findRunning(subtaskId).map(RunView::of).map(RunView::asCurrentRun);
    }

    private static boolean isComplete(AgentRun run, boolean sentinelSeen) {
        return sentinelSeen || !run.status().isActive();
    }

    /** The whole log of a run, or its beginning when {@code truncated}. */
    public record LogContent(String content, int lineCount, boolean complete, boolean truncated) {}

    /**
     * A page of a run's log; {@code lineCount} is the log's length when it was read, so a reader that
     * keeps only the last lines can skip straight to them.
     */
    public record LogPage(List<LogLine> lines, int nextLine, boolean complete, int lineCount) {}

    /** A run as the API shows it. */
    public record RunView(
            UUID id,
            AgentType agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            int attemptNumber,
            RunStatus status,
            Instant startedAt,
            @Nullable Instant endedAt,
            @Nullable Long durationMs,
            long tokenUsage,
            @Nullable String errorMessage,
            @Nullable FollowUpReason reason,

            @Schema(description = "The AGENT_RUNTIME that ran it, e.g. claude-code; null before it started") @Nullable
            String runtime,

            @Schema(description = "The model the runtime reported (or AGENT_MODEL); null when unknown") @Nullable
            String model,

            @Schema(
                    description =
                            "US dollars: the runtime's own figure, else tokens times the price table; null when unknown")
            @Nullable
            BigDecimal costUsd,

            @Schema(description = "Input tokens not read from the cache")
            long inputTokens,

            long outputTokens,
            long cacheReadTokens,
            long cacheWriteTokens,

            @Schema(description = "The agent CLI's session this run had, as its output reported it") @Nullable
            String sessionId,

            @Schema(description = "The earlier run's session this run continued; null for a fresh session") @Nullable
            String resumedSessionId,

            @Schema(
                    description =
                            "True while its agent takes messages (POST /runs/{id}/messages): running, on the acp or claude-code runtime")
            boolean acceptsInput,

            @Schema(description = "Why its agent takes no messages, for the user; null when it does") @Nullable
            String inputUnavailableReason) {

        public static RunView of(AgentRun run) {
            RunInput input = RunInput.of(run);
            return new RunView(
                    run.id().value(),
                    run.agentType(),
                    run.taskId().value(),
                    run.subtaskId() == null ? null : run.subtaskId().value(),
                    run.attemptNumber(),
                    run.status(),
                    run.startedAt(),
                    run.endedAt(),
                    run.durationMs(),
                    run.tokenUsage(),
                    run.errorMessage(),
                    run.reason(),
                    run.runtime(),
                    run.usage().model(),
                    run.usage().costUsd(),
                    run.usage().inputTokens(),
                    run.usage().outputTokens(),
                    run.usage().cacheReadTokens(),
                    run.usage().cacheWriteTokens(),
                    run.sessionId(),
                    run.resumedSessionId(),
                    input.accepted(),
                    input.unavailableReason());
        }

        /** The same run for the task module's start response; same fields, same JSON. */
        CurrentRun asCurrentRun() {
            return new CurrentRun(
                    id,
                    agentType.name(),
                    taskId,
                    subtaskId,
                    attemptNumber,
                    status.name(),
                    startedAt,
                    endedAt,
                    durationMs,
                    tokenUsage,
                    errorMessage,
                    reason,
                    runtime,
                    model,
                    costUsd,
                    inputTokens,
                    outputTokens,
                    cacheReadTokens,
                    cacheWriteTokens,
                    sessionId,
                    resumedSessionId,
                    acceptsInput,
                    inputUnavailableReason);
        }
    }
}
