package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;

/** A subtask was removed from a plan under review; published inside the transaction that removed it. */
public record SubtaskDeleted(ProjectId projectId, TaskId taskId, SubtaskId subtaskId, Instant deletedAt) {}
