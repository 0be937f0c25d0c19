package dev.internvillage.task;

/**
 * A task whose budget was reached got a budget it has not used up: what the budget stopped carries on.
 * Published inside the transaction that raised it, for {@link SubtaskService} to restart the subtasks.
 */
record TaskBudgetRaised(Task task) {}
