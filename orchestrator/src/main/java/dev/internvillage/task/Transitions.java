package dev.internvillage.task;

import dev.internvillage.common.IllegalTransition;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one way task and subtask statuses change. Each move is checked against its transition table,
 * written with an optimistic version check, and announced as an event inside the same transaction,
 * so the event log (a listener) records exactly the committed changes.
 */
@Component
class Transitions {

    private final TaskRepository tasks;
    private final SubtaskRepository subtasks;
    private final ApplicationEventPublisher events;
    private final FollowUpRepository followUps;
    private final ForgeCheckRepository forgeChecks;

    Transitions(
            TaskRepository tasks,
            SubtaskRepository subtasks,
            ApplicationEventPublisher events,
            FollowUpRepository followUps,
            ForgeCheckRepository forgeChecks) {
        this.followUps = followUps;
        this.forgeChecks = forgeChecks;
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.events = events;
    }

    /**
     * Moves the task to {@code next}, applying {@code changes} (e.g. an error message) in the same
     * write.
     *
     * @throws IllegalTransition if the table does not allow the move
     */
    Task move(Task task, TaskStatus next, UnaryOperator<Task> changes) {
        Instant now = Timestamps.now();
        Task updated = tasks.update(changes.apply(task.transitionTo(next, now)));
        events.publishEvent(new TaskStatusChanged(task.projectId(), task.id(), task.status(), next, now));
        return updated;
    }

    Task move(Task task, TaskStatus next) {
        return move(task, next, UnaryOperator.identity());
    }

    /** Announces a task that was just inserted. */
    void created(Task task) {
        events.publishEvent(new TaskStatusChanged(task.projectId(), task.id(), null, task.status(), task.createdAt()));
    }

    /**
     * Moves the subtask to {@code next}, applying {@code changes} (e.g. the PR) in the same write.
     *
     * @throws IllegalTransition if the table does not allow the move
     */
    Subtask move(ProjectId projectId, Subtask subtask, SubtaskPhase next, UnaryOperator<Subtask> changes) {
        Instant now = Timestamps.now();
        Subtask updated = subtasks.update(changes.apply(subtask.transitionTo(next, now)));
        // like the merge state, the forge's checks are of one completed commit: new work gets its own
        forgeChecks.clear(subtask.id());
        // callers record a new follow-up state before the move, so the event carries it
        FollowUpState followUp = followUps.find(subtask.id());
        events.publishEvent(new SubtaskStatusChanged(
                projectId,
                subtask.taskId(),
                subtask.id(),
                subtask.status(),
                updated.status(),
                updated.blockedReason(),
                updated.prUrl(),
                updated.prNumber(),
                now,
                followUp.reason(),
                followUp.automaticFollowUps()));
        return updated;
    }

    Subtask move(ProjectId projectId, Subtask subtask, SubtaskPhase next) {
        return move(projectId, subtask, next, UnaryOperator.identity());
    }
}
