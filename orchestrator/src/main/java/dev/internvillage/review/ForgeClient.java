package dev.internvillage.review;

import dev.internvillage.common.DomainException;
import dev.internvillage.project.Project;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.Task;

/**
 * Opens pull requests on a project's forge, merges them and confirms they are merged. The branch is
 * already pushed to the project's origin when {@link #open} is called.
 */
public interface ForgeClient {

    /** Opens (or, when one exists for the branch, reuses) the pull request of a subtask's branch. */
    PullRequest open(Project project, Task task, Subtask subtask, String branch);

    /**
     * Returns when the pull request may be recorded as merged.
     *
     * @throws DomainException CONFLICT when the forge says it is not merged yet
     */
    void requireMerged(Project project, String branch, String prUrl, int prNumber);

    /**
     * Merges the subtask's pull request into the project's default branch with the project's merge
     * method. Merging a branch that is merged already changes nothing and succeeds.
     *
     * @return what was done, for the log (e.g. "fast-forward to 1a2b3c4d")
     * @throws DomainException CONFLICT, with the reason, when the forge refuses; nothing changed
     */
    String merge(Project project, Task task, Subtask subtask);

    /**
     * Whether the forge's own checks on the branch as pushed have passed, for an autopilot deciding
     * whether to merge. Without forge checks (the local forge: the project's check command ran in the
     * worker already) that is always true.
     */
    default boolean checksPassed(Project project, Subtask subtask) {
        return true;
    }
}
