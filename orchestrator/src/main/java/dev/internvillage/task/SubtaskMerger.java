package dev.internvillage.task;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;

/**
 * Merges a COMPLETED subtask's branch into its project's default branch and records it MERGED.
 * Implemented by the review module, which knows the forges; the subtask endpoints reach it through
 * this port.
 */
public interface SubtaskMerger {

    /**
     * @throws DomainException NOT_FOUND/FORBIDDEN for someone else's subtask, CONFLICT when it is
     *     merged already, conflicts, or the forge refuses, UNPROCESSABLE without a pull request
     */
    Subtask merge(CurrentUser user, SubtaskId id);
}
