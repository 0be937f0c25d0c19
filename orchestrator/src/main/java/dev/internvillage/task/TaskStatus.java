package dev.internvillage.task;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A task's life cycle (docs/api.md, state machines): planned, then worked on, then done; planning can fail and be
 * retried. {@link #allowed} is the whole transition table.
 */
public enum TaskStatus {
    PLANNING,
    PLANNING_FAILED,
    ACTIVE,
    DONE;

    private static final Map<TaskStatus, Set<TaskStatus>> NEXT = Map.of(
            PLANNING, EnumSet.of(ACTIVE, PLANNING_FAILED),
            PLANNING_FAILED, EnumSet.of(PLANNING),
            ACTIVE, EnumSet.of(DONE),
            DONE, EnumSet.noneOf(TaskStatus.class));

    public static boolean allowed(TaskStatus from, TaskStatus to) {
        return NEXT.get(from).contains(to);
    }
}
