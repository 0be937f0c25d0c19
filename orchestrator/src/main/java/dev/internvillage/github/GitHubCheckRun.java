package dev.internvillage.github;

import org.jspecify.annotations.Nullable;

/**
 * A check run on a commit: its id, name, status ({@code queued}, {@code in_progress}, {@code
 * completed}, …), conclusion once completed ({@code success}, {@code failure}, …; empty before),
 * the summary and text of its output, and the page with its details (the CI's, when the app set
 * one; else GitHub's), when GitHub gives one.
 */
public record GitHubCheckRun(
        long id,
        String name,
        String status,
        String conclusion,
        String summary,
        String text,
        @Nullable String detailsUrl) {

    /** Completed and failed (or timed out): something the worker should fix. */
    public boolean failed() {
        return status.equals("completed") && (conclusion.equals("failure") || conclusion.equals("timed_out"));
    }
}
