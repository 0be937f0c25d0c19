package dev.internvillage.agent;

import dev.internvillage.project.ProjectId;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.TaskId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of an agent. The prompt and log path stay on the server. {@code reason} says why a
 * worker ran again (null for a subtask's first attempt and for planners). {@code runtime} is the
 * {@code AGENT_RUNTIME} that ran it (null before it started), {@code usage} its model, tokens and
 * cost, {@code sessionId} the agent CLI's session it reported, and {@code resumedSessionId} the
 * earlier session it continued (null: a fresh session).
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
        @Nullable FollowUpReason reason,
        @Nullable String runtime,
        RunUsage usage,
        @Nullable String sessionId,
        @Nullable String resumedSessionId) {}
