package dev.internvillage.task;

import java.util.UUID;

/** Identifies a subtask. */
public record SubtaskId(UUID value) {

    @Override
    public String toString() {
        return value.toString();
    }
}
