package dev.internvillage.task;

import org.jspecify.annotations.Nullable;

/**
 * Tells the subtask API which agent run is working on a subtask, for the {@code current_run} of a
 * start response. Implemented by the agent module, which depends on this one and not the other way.
 */
public interface CurrentRunProvider {

    /** The running run of the subtask as a JSON-ready value, or null when none runs. */
    @Nullable
    Object currentRun(SubtaskId subtaskId);
}
