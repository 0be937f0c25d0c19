package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A subtask changed status; published inside the transaction that made the change. */
public record SubtaskStatusChanged(
        ProjectId projectId,
        TaskId taskId,
        SubtaskId subtaskId,
        SubtaskStatus oldStatus,
        SubtaskStatus newStatus,
        @Nullable BlockedReason blockedReason,
        @Nullable String prUrl,
        @Nullable Integer prNumber,
        Instant changedAt) {}
