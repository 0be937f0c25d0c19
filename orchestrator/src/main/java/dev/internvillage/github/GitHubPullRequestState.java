package dev.internvillage.github;

import org.jspecify.annotations.Nullable;

/**
 * Whether a pull request is open, closed or merged, as last read, with the ETag to ask again with;
 * {@code notModified} when GitHub answered 304 to that ETag (then {@code open} and {@code merged}
 * say nothing: the caller's last copy holds).
 */
public record GitHubPullRequestState(
        boolean open, boolean merged, @Nullable String etag, boolean notModified) {

    /** Closed without being merged. */
    public boolean closedUnmerged() {
        return !open && !merged;
    }
}
