package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;

/** Merging {@code unblockedBy} left {@code subtaskId} with no unmerged dependency, so it is READY. */
public record SubtaskUnblocked(
        ProjectId projectId, TaskId taskId, SubtaskId subtaskId, SubtaskId unblockedBy, Instant changedAt) {}
