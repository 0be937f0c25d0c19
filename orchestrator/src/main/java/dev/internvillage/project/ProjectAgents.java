package dev.internvillage.project;

import dev.internvillage.common.DomainException;

/**
 * The agents working in a project, as far as removing the project's files concerns them.
 * Implemented by the agent module, which depends on this one and not the other way.
 */
public interface ProjectAgents {

    /** Before the project is deleted: stops every agent of the project and waits until they are gone. */
    void stopAll(ProjectId projectId);

    /**
     * Before a clean-up removes the clone and worktrees (the project stays).
     *
     * @throws DomainException CONFLICT while agents work in the project, or while a worktree holds
     *     commits that were never pushed (cleaning up would lose them)
     */
    void requireNothingToLose(ProjectId projectId);
}
