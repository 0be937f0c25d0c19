package dev.internvillage.task;

import dev.internvillage.project.ProjectId;

/**
 * Published synchronously, inside the deleting transaction, before a task's rows go: listeners stop
 * its running agents first.
 */
public record TaskDeleting(ProjectId projectId, TaskId taskId) {}
