package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;

/**
 * A task was deleted with its subtasks and runs. Published inside the deleting transaction, so the
 * event log records it with the deletion, or not at all.
 */
public record TaskDeleted(ProjectId projectId, TaskId taskId, Instant deletedAt) {}
