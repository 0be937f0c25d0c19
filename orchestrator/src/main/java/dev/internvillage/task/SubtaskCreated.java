package dev.internvillage.task;

import dev.internvillage.project.ProjectId;

/** A subtask was added to a plan under review; published inside the transaction that added it. */
public record SubtaskCreated(ProjectId projectId, SubtaskResponse subtask) {}
