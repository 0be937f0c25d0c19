package dev.internvillage.activity;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.RunStatus;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A queued or running agent run, with the names a view across projects shows beside it. */
public record ActivityRun(
        UUID runId,
        UUID projectId,
        String projectName,
        UUID taskId,
        String taskTitle,
        @Nullable UUID subtaskId,
        @Nullable String subtaskKey,
        @Nullable String subtaskTitle,
        AgentType agentType,
        RunStatus status,
        int attemptNumber,
        @Nullable String reason,
        Instant startedAt,
        long tokenUsage) {}
