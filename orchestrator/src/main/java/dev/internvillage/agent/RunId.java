package dev.internvillage.agent;

import java.util.UUID;

/** Identifies an agent run (one attempt of a planner or worker). */
public record RunId(UUID value) {

    @Override
    public String toString() {
        return value.toString();
    }
}
