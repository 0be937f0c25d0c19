package dev.internvillage.task;

/** The status a subtask shows; {@link SubtaskPhase} adds why a blocked one is blocked. */
public enum SubtaskStatus {
    PENDING,
    READY,
    IN_PROGRESS,
    COMPLETED,
    MERGED,
    BLOCKED
}
