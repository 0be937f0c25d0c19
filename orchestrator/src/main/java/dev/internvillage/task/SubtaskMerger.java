package dev.internvillage.task;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;

/**
 * Merges a COMPLETED subtask's branch into its project's default branch and records it MERGED, or
 * sends a conflicting branch back to its worker to resolve.
 * Implemented by the review module, which knows the forges; the subtask endpoints reach it through
 * this port.
 */
public interface SubtaskMerger {

    /**
     * @throws DomainException NOT_FOUND/FORBIDDEN for someone else's subtask, CONFLICT when it is
     *     merged already, conflicts, or the forge refuses, UNPROCESSABLE without a pull request
     */
    Subtask merge(CurrentUser user, SubtaskId id);

    /**
     * The user's Resolve: a {@code conflict} follow-up runs on the conflicted branch with the
     * conflicting files and both sides' intent in its prompt.
     *
     * @throws DomainException CONFLICT when the branch does not conflict with the default branch
     */
    Subtask resolve(CurrentUser user, SubtaskId id);
}
