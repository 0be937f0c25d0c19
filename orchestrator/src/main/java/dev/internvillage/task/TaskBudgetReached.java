package dev.internvillage.task;

import dev.internvillage.project.ProjectId;

/**
 * A task's runs used up its budget: once that is committed its agents stop (their runs fail with
 * "budget reached") and no attempt starts until the budget is raised.
 */
public record TaskBudgetReached(ProjectId projectId, TaskId taskId) {}
