package dev.internvillage.task;

import dev.internvillage.project.ProjectId;

/** A task needs a plan: it was just created, or its planning is retried. The planner reacts. */
public record PlanningRequested(ProjectId projectId, TaskId taskId) {}
