package dev.internvillage.github;

import org.jspecify.annotations.Nullable;

/** What GitHub says about a repository, as seen by the user whose token asked. */
public record GitHubRepository(
        String owner,
        String name,
        String defaultBranch,
        boolean canPush,
        @Nullable String parentFullName) {}
