package dev.internvillage.task;

import java.util.UUID;

/** Identifies a task. */
public record TaskId(UUID value) {

    @Override
    public String toString() {
        return value.toString();
    }
}
