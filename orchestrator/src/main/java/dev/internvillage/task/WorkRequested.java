package dev.internvillage.task;

import dev.internvillage.project.ProjectId;

/** A subtask went IN_PROGRESS (started, or retried after failing). A worker agent reacts. */
public record WorkRequested(ProjectId projectId, TaskId taskId, SubtaskId subtaskId) {}
