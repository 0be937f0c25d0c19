package dev.internvillage.agent.loop;

import dev.internvillage.agent.workspace.Workspaces;
import dev.internvillage.common.AfterCommit;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.DomainException;
import dev.internvillage.git.GitRepositories;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectFilesRemoving;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.PlanningRequested;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.SubtaskStatusChanged;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskDeleting;
import dev.internvillage.task.TaskService;
import dev.internvillage.task.WorkRequested;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Where the task and project modules' events start, stop and clean up agents. */
@Component
class AgentListeners {

    private static final Logger log = LoggerFactory.getLogger(AgentListeners.class);

    private final AgentLoops loops;
    private final Workspaces workspaces;
    private final ProjectService projects;
    private final TaskService tasks;
    private final SubtaskService subtasks;
    private final DataDirectory dataDirectory;

    AgentListeners(
            AgentLoops loops,
            Workspaces workspaces,
            ProjectService projects,
            TaskService tasks,
            SubtaskService subtasks,
            DataDirectory dataDirectory) {
        this.loops = loops;
        this.workspaces = workspaces;
        this.projects = projects;
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.dataDirectory = dataDirectory;
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
     * Inside the deleting transaction, before the rows go: the task's agents are killed first; after
     * commit its worktrees (kept if they hold unpushed commits) and logs are removed.
     */
    @EventListener
    void onTaskDeleting(TaskDeleting event) {
        loops.cancelTask(event.taskId());
        Project project = projects.get(event.projectId());
        Task task = tasks.get(event.taskId());
        List<String> branches = subtasks.listOfTask(task.id()).stream()
                .map(s -> Workspaces.branchName(task, s))
                .toList();
        AfterCommit.run("Clean-up after deleting task " + event.taskId(), () -> {
            branches.forEach(branch -> workspaces.removeWorktree(project, branch));
            GitRepositories.deleteTree(dataDirectory
                    .logs()
                    .resolve(event.projectId().toString())
                    .resolve(event.taskId().toString()));
        });
    }

    /**
     * Before a project's files go. A delete kills its agents. A clean-up is refused while agents
     * work there or while a worktree holds commits origin does not have.
     */
    @EventListener
    void onProjectFilesRemoving(ProjectFilesRemoving event) {
        if (event.projectDeleted()) {
            loops.cancelProject(event.projectId());
            return;
        }
        if (loops.hasLoops(event.projectId())) {
            throw DomainException.conflict(
                    "agents are working in this project; wait for them to finish (or delete their tasks) before"
                            + " cleaning up");
        }
        List<String> unpushed = workspaces.branchesWithUnpushedWork(projects.get(event.projectId()));
        if (!unpushed.isEmpty()) {
            throw DomainException.conflict("these branches have commits that were never pushed, so cleaning up would"
                    + " lose them: " + String.join(", ", unpushed));
        }
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
