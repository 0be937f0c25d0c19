package dev.internvillage.review;

import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.Task;
import org.springframework.stereotype.Component;

/**
 * The {@code local} forge: the pushed branch is the pull request, reviewed in the app itself. Its
 * URL is the app's review view of the subtask (a path within the app, so it works behind any host
 * name), and numbers count up per project.
 */
@Component
class LocalForge implements ForgeClient {

    private final ProjectService projects;

    LocalForge(ProjectService projects) {
        this.projects = projects;
    }

    @Override
    public PullRequest open(Project project, Task task, Subtask subtask, String branch) {
        if (subtask.prUrl() != null && subtask.prNumber() != null) {
            return new PullRequest(subtask.prUrl(), subtask.prNumber());
        }
        int number = projects.nextPullRequestNumber(project.id());
        return new PullRequest(reviewPath(project, subtask), number);
    }

    /** The pull request is reviewed and merged by the user, so their word is the answer. */
    @Override
    public void requireMerged(Project project, String prUrl, int prNumber) {}

    static String reviewPath(Project project, Subtask subtask) {
        return "/projects/" + project.id() + "/subtasks/" + subtask.id();
    }
}
