package dev.internvillage.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Something the forge reported about a pull request that may start a follow-up, by its id there. */
public record ForgeItem(Kind kind, long id) {

    public enum Kind {
        /** A pull request review. */
        REVIEW,
        /** A check run on the pull request's head commit. */
        CHECK_RUN;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ForgeItem review(long id) {
        return new ForgeItem(Kind.REVIEW, id);
    }

    public static ForgeItem checkRun(long id) {
        return new ForgeItem(Kind.CHECK_RUN, id);
    }
}
