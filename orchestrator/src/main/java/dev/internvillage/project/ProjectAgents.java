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

    /**
     * The project's branches whose worktrees hold commits origin does not have, each with the count:
     * what deleting the project would lose.
     */
    java.util.List<String> unpushedWork(ProjectId projectId);

    /** Why a deletion waits for the user's word: the branches it would lose, and how to go on anyway. */
    static String lossMessage(String what, java.util.List<String> unpushed) {
        return "these branches have commits that were never pushed, so deleting " + what + " would lose them: "
                + String.join(", ", unpushed) + "; delete again with discard_unpushed=true to lose them";
    }
}
