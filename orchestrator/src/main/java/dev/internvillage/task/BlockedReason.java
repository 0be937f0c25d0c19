package dev.internvillage.task;

/**
 * Why a subtask is BLOCKED: it waits for unmerged dependencies, its worker ran out of attempts, or
 * its automatic follow-ups ran out (the user must act: see its {@code follow_up_reason}).
 */
public enum BlockedReason {
    DEPENDENCY,
    FAILURE,
    FOLLOW_UP_LIMIT
}
