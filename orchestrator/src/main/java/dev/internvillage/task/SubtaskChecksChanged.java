package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;
import java.util.List;

/**
 * What the forge's checks say about a completed subtask's head commit changed; published inside the
 * transaction that recorded it. Not published when a move clears them: the move's {@link
 * SubtaskStatusChanged} says that.
 */
public record SubtaskChecksChanged(
        ProjectId projectId, TaskId taskId, SubtaskId subtaskId, List<ForgeCheck> checks, Instant changedAt) {}
