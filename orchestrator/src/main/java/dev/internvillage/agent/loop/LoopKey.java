package dev.internvillage.agent.loop;

import dev.internvillage.project.ProjectId;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.TaskId;
import org.jspecify.annotations.Nullable;

/** Whose loop: a task's planner ({@code subtaskId} null) or a subtask's worker. */
record LoopKey(ProjectId projectId, TaskId taskId, @Nullable SubtaskId subtaskId) {

    boolean isPlanner() {
        return subtaskId == null;
    }

    @Override
    public String toString() {
        return isPlanner() ? "planner of task " + taskId : "worker of subtask " + subtaskId;
    }
}
