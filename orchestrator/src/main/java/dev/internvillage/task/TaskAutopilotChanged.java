package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;

/**
 * A task's autopilot was switched on or off. Published inside the transaction that made the change,
 * like {@link TaskStatusChanged}.
 */
public record TaskAutopilotChanged(ProjectId projectId, TaskId taskId, boolean autopilot, Instant changedAt) {}
