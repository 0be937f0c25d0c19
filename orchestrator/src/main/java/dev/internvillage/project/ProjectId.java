package dev.internvillage.project;

import java.util.UUID;

/** Identifies a project. */
public record ProjectId(UUID value) {

    @Override
    public String toString() {
        return value.toString();
    }
}
