package dev.internvillage.events;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@code data} of each event type, exactly as CONTRACT §5 names the fields (the app's JSON
 * mapper writes them in snake_case; nulls are written, not left out).
 */
final class EventPayloads {

    static final String CONNECTED = "connected";
    static final String HEARTBEAT = "heartbeat";
    static final String AGENT_QUEUED = "agent:queued";
    static final String AGENT_STARTED = "agent:started";
    static final String AGENT_LOG = "agent:log";
    static final String AGENT_COMPLETED = "agent:completed";
    static final String AGENT_FAILED = "agent:failed";
    static final String TASK_STATUS_CHANGED = "task:status_changed";
    static final String SUBTASK_STATUS_CHANGED = "subtask:status_changed";
    static final String SUBTASK_UNBLOCKED = "subtask:unblocked";
    static final String RESYNC = "resync";
    static final String ERROR = "error";

    private EventPayloads() {}

    record ActiveRun(
            UUID id,
            AgentType agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            int attemptNumber,
            RunStatus status,
            Instant startedAt) {

        static ActiveRun of(AgentRun run) {
            return new ActiveRun(
                    run.id().value(),
                    run.agentType(),
                    run.taskId().value(),
                    run.subtaskId() == null ? null : run.subtaskId().value(),
                    run.attemptNumber(),
                    run.status(),
                    run.startedAt());
        }
    }

    record Connected(UUID connectionId, UUID projectId, List<ActiveRun> activeRuns) {}

    record Heartbeat(Instant timestamp) {}

    record AgentStarted(
            UUID runId,
            AgentType agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            int attemptNumber,
            Instant startedAt) {

        static AgentStarted of(AgentRun run) {
            return new AgentStarted(
                    run.id().value(),
                    run.agentType(),
                    run.taskId().value(),
                    run.subtaskId() == null ? null : run.subtaskId().value(),
                    run.attemptNumber(),
                    run.startedAt());
        }
    }

    record AgentLog(
            UUID runId,
            String line,
            int lineNumber,
            @Nullable String timestamp) {}

    record AgentCompleted(
            UUID runId,
            AgentType agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            @Nullable Long durationMs,
            long tokenUsage,
            @Nullable String prUrl) {}

    record AgentFailed(
            UUID runId,
            AgentType agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            int attemptNumber,
            @Nullable String errorMessage,
            boolean willRetry,
            @Nullable Instant nextAttemptAt) {}

    record TaskStatusChanged(UUID taskId, @Nullable String oldStatus, String newStatus, Instant changedAt) {}

    record SubtaskStatusChanged(
            UUID subtaskId,
            UUID taskId,
            String oldStatus,
            String newStatus,
            @Nullable String blockedReason,
            @Nullable String prUrl,
            @Nullable Integer prNumber,
            Instant changedAt) {}

    record SubtaskUnblocked(UUID subtaskId, UUID taskId, UUID unblockedBy, Instant changedAt) {}

    record Resync(String reason) {}

    record Error(String code, String message, @Nullable UUID runId) {}
}
