package dev.internvillage.task;

import dev.internvillage.common.DomainException;
import dev.internvillage.project.ProjectId;

/**
 * Asks the project's forge whether a subtask's pull request is really merged, before Mark Merged
 * changes anything. Implemented by the review module (which knows the forges); the GitHub forge asks
 * GitHub, the local forge looks for the branch's head on the default branch.
 */
public interface MergeCheck {

    /**
     * Returns when the pull request may be recorded as merged.
     *
     * @throws DomainException CONFLICT when the forge says it is not merged yet
     */
    void requireMerged(ProjectId projectId, String branch, String prUrl, int prNumber);
}
