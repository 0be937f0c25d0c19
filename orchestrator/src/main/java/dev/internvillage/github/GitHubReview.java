package dev.internvillage.github;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A review of a pull request: its id, author, state ({@code CHANGES_REQUESTED}, {@code APPROVED},
 * {@code COMMENTED}, …) and comment.
 */
public record GitHubReview(long id, String author, String state, String body) {

    /** A review comment on a line of a file ({@code line} null: on the file, or an outdated line). */
    public record LineComment(
            long reviewId, String path, @Nullable Integer line, String body) {}

    /**
     * A pull request's reviews as last read, with the ETag to ask again with; {@code notModified}
     * when GitHub answered 304 to that ETag (the list is then empty: the caller's copy holds).
     */
    public record Page(List<GitHubReview> reviews, @Nullable String etag, boolean notModified) {}
}
