package dev.internvillage.task;

import dev.internvillage.project.ProjectId;
import java.time.Instant;
import java.util.List;

/** A completed subtask's merge state changed; published inside the transaction that recorded it. */
public record SubtaskMergeStateChanged(
        ProjectId projectId,
        TaskId taskId,
        SubtaskId subtaskId,
        MergeState mergeState,
        List<String> conflictFiles,
        String baseBranch,
        Instant changedAt) {}
