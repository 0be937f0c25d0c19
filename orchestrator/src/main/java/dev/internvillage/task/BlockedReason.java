package dev.internvillage.task;

/**
 * Why a subtask is BLOCKED: it waits for unmerged dependencies, its worker ran out of attempts, its
 * automatic follow-ups ran out (the user must act: see its {@code follow_up_reason}), or its pull
 * request was closed on the forge without being merged (the user must act: see its {@code
 * blocked_detail}).
 */
public enum BlockedReason {
    DEPENDENCY,
    FAILURE,
    FOLLOW_UP_LIMIT,
    PR_CLOSED
}
