package dev.internvillage.github;

/**
 * A check run on a commit: its id, name, status ({@code queued}, {@code in_progress}, {@code
 * completed}), conclusion once completed ({@code success}, {@code failure}, …; empty before) and the
 * summary and text of its output.
 */
public record GitHubCheckRun(long id, String name, String status, String conclusion, String summary, String text) {

    /** Completed and failed (or timed out): something the worker should fix. */
    public boolean failed() {
        return status.equals("completed") && (conclusion.equals("failure") || conclusion.equals("timed_out"));
    }
}
