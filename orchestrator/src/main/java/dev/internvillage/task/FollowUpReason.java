package dev.internvillage.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a worker runs again on a subtask's branch after its first attempt. */
public enum FollowUpReason {
    /** The previous attempt failed, or the user retried a blocked subtask. */
    RETRY(false),
    /** A reviewer asked for changes (in the app, or on the GitHub pull request). */
    CHANGES_REQUESTED(false),
    /** The project's check command failed after the worker finished. */
    CHECKS_FAILED(true),
    /** The branch conflicts with the default branch. */
    CONFLICT(true);

    private final boolean automatic;

    FollowUpReason(boolean automatic) {
        this.automatic = automatic;
    }

    /** Started by the app itself, not by a person: counts against the project's {@code max_follow_ups}. */
    public boolean automatic() {
        return automatic;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FollowUpReason fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
