package dev.internvillage.agent.loop;

import dev.internvillage.agent.workspace.Workspaces;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.PlanningRequested;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.SubtaskStatusChanged;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskBudgetReached;
import dev.internvillage.task.TaskService;
import dev.internvillage.task.WorkRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Where the task module's events start agents and clean up after merged work. */
@Component
class AgentListeners {

    private static final Logger log = LoggerFactory.getLogger(AgentListeners.class);

    private final AgentLoops loops;
    private final Workspaces workspaces;
    private final ProjectService projects;
    private final TaskService tasks;
    private final SubtaskService subtasks;

    AgentListeners(
            AgentLoops loops,
            Workspaces workspaces,
            ProjectService projects,
            TaskService tasks,
            SubtaskService subtasks) {
        this.loops = loops;
        this.workspaces = workspaces;
        this.projects = projects;
        this.tasks = tasks;
        this.subtasks = subtasks;
    }

    /** A task was created or its planning retried: once that is committed, the planner starts. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onPlanningRequested(PlanningRequested event) {
        loops.requestPlanning(event.taskId());
    }

    /** A subtask was started or retried: once that is committed, its worker starts. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onWorkRequested(WorkRequested event) {
        loops.requestWork(event.subtaskId());
    }

    /**
     * A task's budget is reached: once that is committed its agents stop. On a thread of its own, as
     * the loop whose run reached it may be the one committing, and stopping waits for the others.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onBudgetReached(TaskBudgetReached event) {
        Thread.ofVirtual().name("budget-stop-" + event.taskId()).start(() -> loops.stopForBudget(event.taskId()));
    }

    /** A merged subtask's worktree is not needed any more. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onMerged(SubtaskStatusChanged event) {
        if (event.newStatus() != SubtaskStatus.MERGED) {
            return;
        }
        try {
            Task task = tasks.get(event.taskId());
            String branch = Workspaces.branchName(task, subtasks.get(event.subtaskId()));
            workspaces.removeWorktree(projects.get(event.projectId()), branch);
        } catch (RuntimeException e) {
            log.warn("Could not remove the worktree of merged subtask {}: {}", event.subtaskId(), e.getMessage());
        }
    }
}
