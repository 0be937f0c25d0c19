package dev.internvillage.task;

import dev.internvillage.common.IllegalTransition;
import dev.internvillage.project.ProjectId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A piece of work a user describes; the planner breaks it into subtasks. */
public record Task(
        TaskId id,
        ProjectId projectId,
        String title,
        String description,
        TaskStatus status,
        @Nullable String spec,
        @Nullable String errorMessage,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * This task in status {@code next}.
     *
     * @throws IllegalTransition if the transition table does not allow the move
     */
    Task transitionTo(TaskStatus next, Instant at) {
        if (!TaskStatus.allowed(status, next)) {
            throw new IllegalTransition("task", status, next);
        }
        return new Task(id, projectId, title, description, next, spec, errorMessage, version, createdAt, at);
    }

    Task withSpec(@Nullable String newSpec) {
        return new Task(
                id, projectId, title, description, status, newSpec, errorMessage, version, createdAt, updatedAt);
    }

    Task withErrorMessage(@Nullable String message) {
        return new Task(id, projectId, title, description, status, spec, message, version, createdAt, updatedAt);
    }
}
