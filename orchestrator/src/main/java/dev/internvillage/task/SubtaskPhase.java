package dev.internvillage.task;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A subtask's place in its life cycle (docs/api.md, state machines): its status and, when blocked, the reason, since
 * the two kinds of blocked leave by different doors. {@link #allowed} is the whole transition table.
 */
public enum SubtaskPhase {
    PENDING(SubtaskStatus.PENDING, null),
    READY(SubtaskStatus.READY, null),
    IN_PROGRESS(SubtaskStatus.IN_PROGRESS, null),
    COMPLETED(SubtaskStatus.COMPLETED, null),
    MERGED(SubtaskStatus.MERGED, null),
    BLOCKED_DEPENDENCY(SubtaskStatus.BLOCKED, BlockedReason.DEPENDENCY),
    BLOCKED_FAILURE(SubtaskStatus.BLOCKED, BlockedReason.FAILURE),
    BLOCKED_FOLLOW_UP_LIMIT(SubtaskStatus.BLOCKED, BlockedReason.FOLLOW_UP_LIMIT),
    BLOCKED_PR_CLOSED(SubtaskStatus.BLOCKED, BlockedReason.PR_CLOSED);

    private static final Map<SubtaskPhase, Set<SubtaskPhase>> NEXT = Map.of(
            // the plan import settles every new subtask at once
            PENDING, EnumSet.of(READY, BLOCKED_DEPENDENCY),
            // the user starts it, or (while the plan awaits approval) gives it a dependency
            READY, EnumSet.of(IN_PROGRESS, BLOCKED_DEPENDENCY),
            // the worker succeeds (branch pushed, PR opened), runs out of attempts, or runs out of
            // automatic follow-ups (its check keeps failing)
            IN_PROGRESS, EnumSet.of(COMPLETED, BLOCKED_FAILURE, BLOCKED_FOLLOW_UP_LIMIT),
            // the user marks the PR merged (or it is found merged on the forge), or a follow-up starts
            // (review feedback, a conflict), or an automatic one is past the project's max_follow_ups, or
            // the PR is found closed without merging on the forge
            COMPLETED, EnumSet.of(MERGED, IN_PROGRESS, BLOCKED_FOLLOW_UP_LIMIT, BLOCKED_PR_CLOSED),
            MERGED, EnumSet.noneOf(SubtaskPhase.class),
            // the last unmerged dependency is merged, or (while the plan awaits approval) its last
            // dependency is removed from it
            BLOCKED_DEPENDENCY, EnumSet.of(READY),
            // the user retries
            BLOCKED_FAILURE, EnumSet.of(IN_PROGRESS),
            // the user retries or requests changes
            BLOCKED_FOLLOW_UP_LIMIT, EnumSet.of(IN_PROGRESS),
            // the user retries: the worker pushes again and opens a new pull request
            BLOCKED_PR_CLOSED, EnumSet.of(IN_PROGRESS));

    private final SubtaskStatus status;
    private final @Nullable BlockedReason reason;

    SubtaskPhase(SubtaskStatus status, @Nullable BlockedReason reason) {
        this.status = status;
        this.reason = reason;
    }

    public SubtaskStatus status() {
        return status;
    }

    public @Nullable BlockedReason reason() {
        return reason;
    }

    public static boolean allowed(SubtaskPhase from, SubtaskPhase to) {
        return NEXT.get(from).contains(to);
    }

    public static SubtaskPhase of(SubtaskStatus status, @Nullable BlockedReason reason) {
        for (SubtaskPhase phase : values()) {
            if (phase.status == status && phase.reason == reason) {
                return phase;
            }
        }
        throw new IllegalArgumentException(status + " with reason " + reason + " is not a subtask phase");
    }
}
