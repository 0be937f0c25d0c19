package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A task changed status ({@code oldStatus} is null when it was created). Published inside the
 * transaction that made the change, so a listener in that transaction (the event log) commits or
 * rolls back with it.
 */
public record TaskStatusChanged(
        ProjectId projectId, TaskId taskId, @Nullable TaskStatus oldStatus, TaskStatus newStatus, Instant changedAt) {}
