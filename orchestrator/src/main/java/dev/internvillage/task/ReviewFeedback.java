package dev.internvillage.task;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A reviewer's request for changes, as the worker's next prompt shows it: the comment, then each
 * inline comment with its file and line.
 */
public record ReviewFeedback(@Nullable String reviewer, String comment, List<InlineComment> comments) {

    /** A comment on one line of one file ({@code line} null: on the file as a whole). */
    public record InlineComment(String path, @Nullable Integer line, String body) {}

    /** The text for the prompt. */
    public String render() {
        StringBuilder out = new StringBuilder(reviewer == null ? "A reviewer" : reviewer)
                .append(" requested changes to your work on this branch.\n");
        if (!comment.isBlank()) {
            out.append("\nReview comment:\n").append(comment.strip()).append('\n');
        }
        if (!comments.isEmpty()) {
            out.append("\nComments on the code:\n");
            for (InlineComment c : comments) {
                out.append("- ")
                        .append(c.path())
                        .append(c.line() == null ? "" : ":" + c.line())
                        .append(": ")
                        .append(c.body().strip().replace("\n", "\n  "))
                        .append('\n');
            }
        }
        return out.toString();
    }
}
