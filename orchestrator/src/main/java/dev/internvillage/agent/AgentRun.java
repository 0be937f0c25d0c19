package dev.internvillage.agent;

import dev.internvillage.project.ProjectId;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.TaskId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of an agent. The prompt and log path stay on the server. {@code reason} says why a
 * worker ran again (null for a subtask's first attempt and for planners).
 */
public record AgentRun(
        RunId id,
        ProjectId projectId,
        TaskId taskId,
        @Nullable SubtaskId subtaskId,
        AgentType agentType,
        int attemptNumber,
        RunStatus status,
        Instant startedAt,
        @Nullable Instant endedAt,
        @Nullable Long durationMs,
        long tokenUsage,
        @Nullable String errorMessage,
        String logPath,
        @Nullable FollowUpReason reason) {}
