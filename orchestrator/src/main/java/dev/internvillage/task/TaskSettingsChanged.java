package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A task's settings changed: its autopilot was switched, its plan's review was switched, or its plan
 * was approved. Carries all of them as they are now; published inside the transaction that made the
 * change, like {@link TaskStatusChanged}. Boards learn of it by {@link TaskUpdated}.
 */
public record TaskSettingsChanged(
        ProjectId projectId,
        TaskId taskId,
        boolean autopilot,
        boolean requirePlanApproval,
        @Nullable Instant planApprovedAt,
        Instant changedAt) {

    /** Whether work on the task still waits for its plan's approval. */
    public boolean awaitsPlanApproval() {
        return requirePlanApproval && planApprovedAt == null;
    }

    static TaskSettingsChanged of(Task task, Instant at) {
        return new TaskSettingsChanged(
                task.projectId(), task.id(), task.autopilot(), task.requirePlanApproval(), task.planApprovedAt(), at);
    }
}
