package dev.internvillage.review;

import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.MergeCheck;
import org.springframework.stereotype.Component;

/** The forge client for a project, and the merge check Mark Merged asks through it. */
@Component
public class Forges implements MergeCheck {

    private final LocalForge local;
    private final GitHubForge gitHub;
    private final ProjectService projects;

    Forges(LocalForge local, GitHubForge gitHub, ProjectService projects) {
        this.local = local;
        this.gitHub = gitHub;
        this.projects = projects;
    }

    public ForgeClient forProject(Project project) {
        return switch (project.forge()) {
            case LOCAL -> local;
            case GITHUB -> gitHub;
        };
    }

    @Override
    public void requireMerged(ProjectId projectId, String branch, String prUrl, int prNumber) {
        Project project = projects.get(projectId);
        forProject(project).requireMerged(project, branch, prUrl, prNumber);
    }
}
