package dev.internvillage.project;

import dev.internvillage.git.GitCredentials;
import org.jspecify.annotations.Nullable;

/**
 * How the orchestrator reaches a project's repositories with git: origin (the repository or the
 * user's fork), the upstream of a fork, and the credentials for both (none for local projects).
 */
public record GitAccess(
        String originUrl,
        @Nullable String upstreamUrl,
        @Nullable GitCredentials credentials) {}
