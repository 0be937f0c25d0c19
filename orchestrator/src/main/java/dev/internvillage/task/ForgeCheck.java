package dev.internvillage.task;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One check the forge reports on a completed subtask's pushed head commit (GitHub: a check run, or
 * a commit status), as the card shows it. Built with {@link #of}, which bounds what a forge sends:
 * the name is cut, the status is one of three, a conclusion only comes with {@code completed}, and
 * only a web link is kept as {@code detailsUrl} (the UI makes it a link, so never {@code
 * javascript:} or the like).
 */
@Schema(description = "One check on a completed subtask's pushed head commit: a check run or a commit status")
public record ForgeCheck(
        @Schema(
                description =
                        "The check's name (a check run's name, a commit status's context), at most 200 characters")
        String name,

        @Schema(allowableValues = {"queued", "in_progress", "completed"})
        String status,

        @Schema(
                description = "Set once completed: GitHub's conclusion (success, failure, neutral, cancelled,"
                        + " skipped, timed_out, action_required, startup_failure, stale)")
        @Nullable
        String conclusion,

        @Schema(description = "Where the forge shows the check's details (an http or https URL)") @Nullable
        String detailsUrl) {

    public static final int MAX_NAME = 200;
    public static final int MAX_CHECKS = 50;
    static final int MAX_URL = 2000;

    /** Conclusions that mean the check did not pass; first when a long list is cut. */
    private static final Set<String> NOT_PASSED =
            Set.of("failure", "timed_out", "cancelled", "action_required", "startup_failure");

    /**
     * A check from what the forge said: {@code status} other than {@code completed} or {@code
     * in_progress} (GitHub also says {@code waiting}, {@code requested}, {@code pending}) counts as
     * {@code queued}.
     */
    public static ForgeCheck of(String name, String status, @Nullable String conclusion, @Nullable String detailsUrl) {
        String cut = name.strip();
        if (cut.length() > MAX_NAME) {
            cut = cut.substring(0, MAX_NAME);
        }
        String state = switch (status.toLowerCase(Locale.ROOT)) {
            case "completed" -> "completed";
            case "in_progress" -> "in_progress";
            default -> "queued";
        };
        String outcome = state.equals("completed") && conclusion != null && !conclusion.isBlank()
                ? conclusion.strip().toLowerCase(Locale.ROOT)
                : null;
        if (outcome != null && outcome.length() > 32) {
            outcome = outcome.substring(0, 32);
        }
        return new ForgeCheck(cut, state, outcome, webLink(detailsUrl));
    }

    /**
     * The list as it is stored and shown: failed first, then running, then the rest, each by name;
     * at most {@link #MAX_CHECKS}, so a cut keeps the ones that need a look. One order for the same
     * checks, whatever order the forge listed them in, so "changed" means changed.
     */
    public static List<ForgeCheck> summary(List<ForgeCheck> checks) {
        return checks.stream()
                .sorted(Comparator.comparingInt(ForgeCheck::rank)
                        .thenComparing(ForgeCheck::name)
                        .thenComparing(ForgeCheck::status)
                        .thenComparing(c -> c.conclusion() == null ? "" : c.conclusion())
                        .thenComparing(c -> c.detailsUrl() == null ? "" : c.detailsUrl()))
                .limit(MAX_CHECKS)
                .toList();
    }

    private int rank() {
        if (!status.equals("completed")) {
            return 1;
        }
        return conclusion != null && NOT_PASSED.contains(conclusion) ? 0 : 2;
    }

    private static @Nullable String webLink(@Nullable String url) {
        if (url == null) {
            return null;
        }
        String link = url.strip();
        String lower = link.toLowerCase(Locale.ROOT);
        boolean web = lower.startsWith("https://") || lower.startsWith("http://");
        return web && link.length() <= MAX_URL && link.chars().noneMatch(Character::isWhitespace) ? link : null;
    }
}
