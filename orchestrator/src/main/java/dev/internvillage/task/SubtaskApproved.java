package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;

/**
 * A user approved a COMPLETED subtask's work. Published inside the approving transaction, like
 * {@link SubtaskStatusChanged}.
 */
public record SubtaskApproved(ProjectId projectId, TaskId taskId, SubtaskId subtaskId, Instant approvedAt) {}
