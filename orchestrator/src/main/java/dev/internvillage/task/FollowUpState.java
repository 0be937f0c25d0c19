package dev.internvillage.task;

import org.jspecify.annotations.Nullable;

/**
 * The follow-up a subtask's worker is on: its cause ({@code null} for the first round of work), what
 * the next prompt tells the agent about it (review comments, a failing check's output, conflicting
 * files), and how many automatic follow-ups ran since the user last acted.
 */
public record FollowUpState(
        @Nullable FollowUpReason reason, @Nullable String details, int automaticFollowUps) {

    static final FollowUpState NONE = new FollowUpState(null, null, 0);
}
