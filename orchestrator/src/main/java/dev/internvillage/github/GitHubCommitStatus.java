package dev.internvillage.github;

import org.jspecify.annotations.Nullable;

/**
 * A commit status, GitHub's older kind of check (set by CI services through the statuses API): its
 * context (the check's name), its state ({@code pending}, {@code success}, {@code failure}, {@code
 * error}) and the link the service gave, if any. One per context: the latest.
 */
public record GitHubCommitStatus(
        String context, String state, @Nullable String targetUrl) {}
