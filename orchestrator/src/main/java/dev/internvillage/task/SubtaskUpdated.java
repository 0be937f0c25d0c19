package dev.internvillage.task;

import dev.internvillage.project.ProjectId;

/**
 * A subtask of a plan under review was edited (its text or dependencies, or a dependency of it was
 * removed); carries the whole subtask as it is now. Published inside the transaction that changed it.
 */
public record SubtaskUpdated(ProjectId projectId, SubtaskResponse subtask) {}
