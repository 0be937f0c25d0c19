package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A subtask changed status; published inside the transaction that made the change, with the
 * follow-up its worker is on (see {@link FollowUpState}).
 */
public record SubtaskStatusChanged(
        ProjectId projectId,
        TaskId taskId,
        SubtaskId subtaskId,
        SubtaskStatus oldStatus,
        SubtaskStatus newStatus,
        @Nullable BlockedReason blockedReason,
        @Nullable String prUrl,
        @Nullable Integer prNumber,
        Instant changedAt,
        @Nullable FollowUpReason followUpReason,
        int automaticFollowUps) {}
