package dev.internvillage.task;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Tells the subtask API which agent run is working on a subtask, for the {@code current_run} of a
 * start response. Implemented by the agent module, which depends on this one and not the other way.
 */
public interface CurrentRunProvider {

    /** The queued or running run of the subtask, if there is one. */
    Optional<CurrentRun> currentRun(SubtaskId subtaskId);

    /**
     * A run as the runs API shows it. The agent type ({@code PLANNER}, {@code WORKER}) and status
     * ({@code QUEUED}, {@code RUNNING}, …) are the names of the agent module's enums, which this
     * module cannot see.
     */
    record CurrentRun(
            UUID id,
            String agentType,
            UUID taskId,
            @Nullable UUID subtaskId,
            int attemptNumber,
            String status,
            Instant startedAt,
            @Nullable Instant endedAt,
            @Nullable Long durationMs,
            long tokenUsage,
            @Nullable String errorMessage,
            @Nullable FollowUpReason reason,
            @Nullable String runtime,
            @Nullable String model,
            @Nullable BigDecimal costUsd,
            long inputTokens,
            long outputTokens,
            long cacheReadTokens,
            long cacheWriteTokens,
            @Nullable String sessionId,
            @Nullable String resumedSessionId,
            boolean acceptsInput,
            @Nullable String inputUnavailableReason) {}
}
