package dev.internvillage.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether a completed subtask's branch merges into the project's default branch as that branch is
 * now, checked whenever the default branch moves.
 */
public enum MergeState {
    /** The branch contains the default branch: merging is a fast-forward. */
    CLEAN,
    /** The default branch moved on since the branch left it, without touching the same lines. */
    BEHIND,
    /** Merging would conflict; the subtask's {@code conflict_files} say where. */
    CONFLICTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MergeState ofWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
