package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;

/**
 * A task's autopilot, budget, budget state or cost so far changed (a run of it ended). Published inside
 * the transaction that made the change, like {@link TaskStatusChanged}; boards get it as {@code task:updated}.
 */
public record TaskUpdated(ProjectId projectId, Task task, TaskUsage usage, Instant changedAt) {}
