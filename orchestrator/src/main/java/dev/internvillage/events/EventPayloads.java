package dev.internvillage.events;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.RunStatus;
import dev.internvillage.task.BlockedReason;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.ForgeCheck;
import dev.internvillage.task.MergeState;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.TaskStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@code data} of each event type, exactly as docs/events.md names the fields (the app's JSON
 * mapper writes them in snake_case; nulls are written, not left out).
 */
public final class EventPayloads {

    public static final String CONNECTED = "connected";
    public static final String HEARTBEAT = "heartbeat";
    public static final String AGENT_QUEUED = "agent:queued";
    public static final String AGENT_STARTED = "agent:started";
    public static final String AGENT_LOG = "agent:log";
    public static final String AGENT_COMPLETED = "agent:completed";
    public static final String AGENT_FAILED = "agent:failed";
    public static final String TASK_STATUS_CHANGED = "task:status_changed";
    public static final String SUBTASK_STATUS_CHANGED = "subtask:status_changed";
    public static final String SUBTASK_UNBLOCKED = "subtask:unblocked";
    public static final String TASK_DELETED = "task:deleted";
    public static final String TASK_UPDATED = "task:updated";
    public static final String SUBTASK_CREATED = "subtask:created";
    public static final String SUBTASK_UPDATED = "subtask:updated";
    public static final String SUBTASK_DELETED = "subtask:deleted";
    public static final String PROJECT_DELETED = "project:deleted";

    public static final String SUBTASK_MERGE_STATE_CHANGED = "subtask:merge_state_changed";
    public static final String SUBTASK_APPROVED = "subtask:approved";
    public static final String SUBTASK_CHECKS_CHANGED = "subtask:checks_changed";
    public static final String RESYNC = "resync";
    public static final String ERROR = "error";

    private EventPayloads() {}

    public record ActiveRun(
            UUID id,
            UUID projectId,
            AgentType agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            int attemptNumber,
            RunStatus status,
            Instant startedAt) {

        public static ActiveRun of(AgentRun run) {
            return new ActiveRun(
                    run.id().value(),
                    run.projectId().value(),
                    run.agentType(),
                    run.taskId().value(),
                    run.subtaskId() == null ? null : run.subtaskId().value(),
                    run.attemptNumber(),
                    run.status(),
                    run.startedAt());
        }
    }

    public record Connected(UUID connectionId, UUID projectId, List<ActiveRun> activeRuns) {}

    /** {@code connected} of the user-level stream: the user's active runs in all projects. */
    public record UserConnected(UUID connectionId, UUID userId, List<ActiveRun> activeRuns) {}

    public record Heartbeat(Instant timestamp) {}

    public record AgentStarted(
            UUID runId,
            AgentType agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            int attemptNumber,
            Instant startedAt,
            @Nullable FollowUpReason reason) {

        public static AgentStarted of(AgentRun run) {
            return new AgentStarted(
                    run.id().value(),
                    run.agentType(),
                    run.taskId().value(),
                    run.subtaskId() == null ? null : run.subtaskId().value(),
                    run.attemptNumber(),
                    run.startedAt(),
                    run.reason());
        }
    }

    public record AgentLog(
            UUID runId,
            String line,
            int lineNumber,
            @Nullable String timestamp) {}

    public record AgentCompleted(
            UUID runId,
            AgentType agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            @Nullable Long durationMs,
            long tokenUsage,
            @Nullable String prUrl,
            @Nullable String model,
            @Nullable BigDecimal costUsd,
            long inputTokens,
            long outputTokens,
            long cacheReadTokens,
            long cacheWriteTokens,
            @Nullable String resumedSessionId) {}

    public record AgentFailed(
            UUID runId,
            AgentType agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            int attemptNumber,
            @Nullable String errorMessage,
            boolean willRetry,
            @Nullable Instant nextAttemptAt,
            long tokenUsage,
            @Nullable String model,
            @Nullable BigDecimal costUsd,
            long inputTokens,
            long outputTokens,
            long cacheReadTokens,
            long cacheWriteTokens,
            @Nullable String resumedSessionId) {}

    // statuses travel as their names; the schemas say which names
    public record TaskStatusChanged(
            UUID taskId,

            @Schema(implementation = TaskStatus.class) @Nullable
            String oldStatus,

            @Schema(implementation = TaskStatus.class) String newStatus,
            Instant changedAt) {}

    public record SubtaskStatusChanged(
            UUID subtaskId,
            UUID taskId,
            @Schema(implementation = SubtaskStatus.class) String oldStatus,
            @Schema(implementation = SubtaskStatus.class) String newStatus,

            @Schema(implementation = BlockedReason.class) @Nullable
            String blockedReason,

            @Nullable String prUrl,
            @Nullable Integer prNumber,
            Instant changedAt,
            @Nullable FollowUpReason followUpReason,
            int automaticFollowUps) {}

    public record SubtaskUnblocked(UUID subtaskId, UUID taskId, UUID unblockedBy, Instant changedAt) {}

    public record TaskDeleted(UUID taskId, Instant deletedAt) {}

    /** A completed subtask's work was approved. */
    public record SubtaskApproved(UUID subtaskId, UUID taskId, Instant approvedAt) {}

    /**
     * A task's settings, budgets, budget state or cost so far changed: every field is the task's
     * current value (its autopilot, its plan's review and approval, its budgets; {@code cost_usd} and
     * {@code token_usage} the totals of its runs).
     */
    public record TaskUpdated(
            UUID taskId,
            boolean autopilot,
            boolean requirePlanApproval,
            @Nullable Instant planApprovedAt,
            Instant updatedAt,
            java.math.@Nullable BigDecimal budgetUsd,
            @Nullable Long budgetTokens,
            boolean budgetReached,
            java.math.@Nullable BigDecimal costUsd,
            long tokenUsage) {}

    /**
     * A subtask was removed from a plan under review; its dependents no longer depend on it ({@code
     * subtask:created} and {@code subtask:updated} carry the whole subtask, as {@code SubtaskResponse}).
     */
    public record SubtaskDeleted(UUID subtaskId, UUID taskId, Instant deletedAt) {}

    public record ProjectDeleted(UUID projectId, Instant deletedAt) {}

    /** A completed subtask's branch checked against {@code base_branch}; {@code conflict_files} when conflicted. */
    public record SubtaskMergeStateChanged(
            UUID subtaskId,
            UUID taskId,
            MergeState mergeState,
            List<String> conflictFiles,
            String baseBranch,
            Instant changedAt) {}

    /** The forge's checks on a completed subtask's head commit changed; {@code checks} is the whole new list. */
    public record SubtaskChecksChanged(UUID subtaskId, UUID taskId, List<ForgeCheck> checks, Instant changedAt) {}

    public record Resync(String reason) {}

    /** {@code run_id}: the run a log problem concerns; {@code entry}: the log subscription entry refused. */
    public record Error(
            String code,
            String message,
            @Nullable UUID runId,
            @Nullable String entry) {}
}
