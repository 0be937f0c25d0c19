package dev.internvillage.task;

import dev.internvillage.project.ProjectId;

/**
 * Published synchronously when the user marks a subtask's pull request merged, before anything
 * changes: a listener (the forge) may refuse by throwing, e.g. when GitHub says it is not merged.
 */
public record SubtaskMerging(ProjectId projectId, SubtaskId subtaskId, String prUrl, int prNumber) {}
