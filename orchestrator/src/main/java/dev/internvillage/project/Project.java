package dev.internvillage.project;

import dev.internvillage.auth.UserId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A git repository a user works on. Its clone lives under the data directory, never in the API. */
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
        MergeMethod mergeMethod) {

    /** This project with another merge method. */
    public Project withMergeMethod(MergeMethod method) {
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
                method);
    }
}
