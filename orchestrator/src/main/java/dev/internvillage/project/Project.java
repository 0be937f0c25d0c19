package dev.internvillage.project;

import dev.internvillage.auth.UserId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A git repository a user works on. Its clone lives under the data directory, never in the API.
 * {@code checkCommand} (none when null) runs in a worktree after each worker that exits 0; {@code
 * maxFollowUps} caps the automatic follow-ups of a subtask; {@code autopilotDefault} is what new tasks
 * take as their {@code autopilot}; with {@code requireApproval} an autopilot merges only approved work;
 * {@code planApprovalDefault} is what new tasks take as their {@code requirePlanApproval}.
 */
public record Project(
        ProjectId id,
        UserId ownerId,
        String name,
        String repoUrl,
        Forge forge,
        @Nullable String githubOwner,
        @Nullable String githubRepo,
        boolean isFork,
        @Nullable String upstreamOwner,
        @Nullable String upstreamRepo,
        String defaultBranch,
        Instant createdAt,
        Instant updatedAt,
        MergeMethod mergeMethod,
        @Nullable String checkCommand,
        int maxFollowUps,
        boolean autopilotDefault,
        boolean requireApproval,
        boolean planApprovalDefault) {

    public static final int DEFAULT_MAX_FOLLOW_UPS = 3;

    /** This project with other settings. */
    public Project withSettings(
            MergeMethod method,
            @Nullable String check,
            int maxFollowUps,
            boolean autopilotDefault,
            boolean requireApproval,
            boolean planApprovalDefault) {
        return new Project(
                id,
                ownerId,
                name,
                repoUrl,
                forge,
                githubOwner,
                githubRepo,
                isFork,
                upstreamOwner,
                upstreamRepo,
                defaultBranch,
                createdAt,
                updatedAt,
                method,
                check,
                maxFollowUps,
                autopilotDefault,
                requireApproval,
                planApprovalDefault);
    }
}
