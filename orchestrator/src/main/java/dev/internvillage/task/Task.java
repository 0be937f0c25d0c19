package dev.internvillage.task;

import dev.internvillage.common.IllegalTransition;
import dev.internvillage.project.ProjectId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A piece of work a user describes; the planner breaks it into subtasks. On {@code autopilot} its
 * ready subtasks start by themselves and their finished, checked work is merged by the app.
 */
public record Task(
        TaskId id,
        ProjectId projectId,
        String title,
        String description,
        TaskStatus status,
        @Nullable String spec,
        @Nullable String errorMessage,
        boolean autopilot,
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
        return new Task(id, projectId, title, description, next, spec, errorMessage, autopilot, version, createdAt, at);
    }

    Task withSpec(@Nullable String newSpec) {
        return new Task(
                id,
                projectId,
                title,
                description,
                status,
                newSpec,
                errorMessage,
                autopilot,
                version,
                createdAt,
                updatedAt);
    }

    Task withErrorMessage(@Nullable String message) {
        return new Task(
                id, projectId, title, description, status, spec, message, autopilot, version, createdAt, updatedAt);
    }

    Task withAutopilot(boolean on, Instant at) {
        return new Task(id, projectId, title, description, status, spec, errorMessage, on, version, createdAt, at);
    }
}
