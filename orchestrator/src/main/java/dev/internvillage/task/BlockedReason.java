package dev.internvillage.task;

/** Why a subtask is BLOCKED: it waits for unmerged dependencies, or its worker ran out of attempts. */
public enum BlockedReason {
    DEPENDENCY,
    FAILURE
}
