package dev.internvillage.task;

import dev.internvillage.project.ProjectId;

/**
 * The agents working on a task, as far as deleting the task concerns them. Implemented by the agent
 * module, which depends on this one and not the other way.
 */
public interface TaskAgents {

    /**
     * Called inside the deleting transaction, before the task's rows go: stops the task's planner and
     * workers (their processes are gone when this returns) and, once the deletion commits, removes
     * their worktrees (kept if they hold unpushed commits, unless {@code discardUnpushed}) and logs.
     */
    void removeAgentsOf(ProjectId projectId, TaskId taskId, boolean discardUnpushed);

    /**
     * The task's branches whose worktrees hold commits origin does not have, each with the count,
     * e.g. {@code iv/1a2b3c4d/s1-x (2)}: what deleting the task would lose.
     */
    java.util.List<String> unpushedWork(ProjectId projectId, TaskId taskId);
}
