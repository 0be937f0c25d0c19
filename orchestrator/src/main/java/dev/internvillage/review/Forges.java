package dev.internvillage.review;

import dev.internvillage.project.Project;
import org.springframework.stereotype.Component;

/** The forge client for a project. */
@Component
public class Forges {

    private final LocalForge local;
    private final GitHubForge gitHub;

    Forges(LocalForge local, GitHubForge gitHub) {
        this.local = local;
        this.gitHub = gitHub;
    }

    public ForgeClient forProject(Project project) {
        return switch (project.forge()) {
            case LOCAL -> local;
            case GITHUB -> gitHub;
        };
    }
}
