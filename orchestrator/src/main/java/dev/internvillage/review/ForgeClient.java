package dev.internvillage.review;

import dev.internvillage.common.DomainException;
import dev.internvillage.project.Project;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.Task;

/**
 * Opens pull requests on a project's forge and confirms they are merged. The branch is already
 * pushed to the project's origin when {@link #open} is called.
 */
public interface ForgeClient {

    /** Opens (or, when one exists for the branch, reuses) the pull request of a subtask's branch. */
    PullRequest open(Project project, Task task, Subtask subtask, String branch);

    /**
     * Returns when the pull request may be recorded as merged.
     *
     * @throws DomainException CONFLICT when the forge says it is not merged yet
     */
    void requireMerged(Project project, String prUrl, int prNumber);
}
