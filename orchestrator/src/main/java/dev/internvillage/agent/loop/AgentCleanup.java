package dev.internvillage.agent.loop;

import dev.internvillage.agent.workspace.Workspaces;
import dev.internvillage.common.AfterCommit;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.DomainException;
import dev.internvillage.git.GitRepositories;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectAgents;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskAgents;
import dev.internvillage.task.TaskId;
import dev.internvillage.task.TaskService;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the task and project modules call before a task or a project's files go: agents stop first. */
@Component
class AgentCleanup implements TaskAgents, ProjectAgents {

    private final AgentLoops loops;
    private final Workspaces workspaces;
    private final ProjectService projects;
    private final TaskService tasks;
    private final SubtaskService subtasks;
    private final DataDirectory dataDirectory;

    AgentCleanup(
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

    /**
     * Inside the deleting transaction, before the rows go: the task's agents are killed first; after
     * commit its worktrees (kept if they hold unpushed commits) and logs are removed.
     */
    @Override
    public void removeAgentsOf(ProjectId projectId, TaskId taskId, boolean discardUnpushed) {
        loops.cancelTask(taskId);
        Project project = projects.get(projectId);
        Task task = tasks.get(taskId);
        List<String> branches = subtasks.listOfTask(task.id()).stream()
                .map(s -> Workspaces.branchName(task, s))
                .toList();
        AfterCommit.run("Clean-up after deleting task " + taskId, () -> {
            branches.forEach(branch -> workspaces.removeWorktree(project, branch, discardUnpushed));
            GitRepositories.deleteTree(
                    dataDirectory.logs().resolve(projectId.toString()).resolve(taskId.toString()));
        });
    }

    @Override
    public List<String> unpushedWork(ProjectId projectId, TaskId taskId) {
        Task task = tasks.get(taskId);
        List<String> prefixes = subtasks.listOfTask(taskId).stream()
                .map(s -> Workspaces.branchName(task, s) + " (")
                .toList();
        return unpushedWork(projectId).stream()
                .filter(entry -> prefixes.stream().anyMatch(entry::startsWith))
                .toList();
    }

    @Override
    public List<String> unpushedWork(ProjectId projectId) {
        return workspaces.branchesWithUnpushedWork(projects.get(projectId));
    }

    @Override
    public void stopAll(ProjectId projectId) {
        loops.cancelProject(projectId);
    }

    /** A clean-up is refused while agents work there or while a worktree holds commits origin does not have. */
    @Override
    public void requireNothingToLose(ProjectId projectId) {
        if (loops.hasLoops(projectId)) {
            throw DomainException.conflict(
                    "agents are working in this project; wait for them to finish (or delete their tasks) before"
                            + " cleaning up");
        }
        List<String> unpushed = workspaces.branchesWithUnpushedWork(projects.get(projectId));
        if (!unpushed.isEmpty()) {
            throw DomainException.conflict("these branches have commits that were never pushed, so cleaning up would"
                    + " lose them: " + String.join(", ", unpushed));
        }
    }
}
