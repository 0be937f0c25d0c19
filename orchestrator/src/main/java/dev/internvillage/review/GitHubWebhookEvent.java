package dev.internvillage.review;

import dev.internvillage.common.DomainException;
import dev.internvillage.review.GitHubPullRequestSync.Aspect;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A webhook delivery GitHub sent about pull requests, read from GitHub's payload: in which
 * repository, which pull requests (or, for a check on a fork's branch, which GitHub leaves out, the
 * branch) and what to read about them again. Only the fields that find the pull request are read;
 * what happened to it is read from GitHub's API ({@link GitHubPullRequestSync}).
 *
 * @param headBranch the branch a check ran on; null for pull request events
 */
record GitHubWebhookEvent(
        String owner,
        String repo,
        Set<Integer> pullRequests,
        @Nullable String headBranch,
        Aspect aspect) {

    /** The event types ({@code X-GitHub-Event}) the app acts on; others are answered 202 and ignored. */
    static final Set<String> TYPES = Set.of("pull_request", "pull_request_review", "check_run", "check_suite");

    /** The actions of a check run or suite that change its state (not {@code requested_action}, a button). */
    private static final Set<String> CHECK_ACTIONS = Set.of("created", "completed", "rerequested", "requested");

    /**
     * What a delivery of {@code type} (one of {@link #TYPES}) asks the app to look at; empty when its
     * action changes nothing for a subtask (a pull request opened, a review approved).
     *
     * @throws DomainException INVALID_REQUEST when a field it needs is missing
     */
    static Optional<GitHubWebhookEvent> of(String type, JsonNode payload) {
        String action = payload.path("action").asString("");
        return switch (type) {
            case "pull_request" ->
                // closed covers merged: the pull request's state says which
                action.equals("closed")
                        ? Optional.of(of(payload, Set.of(number(payload.path("pull_request"))), null, Aspect.STATE))
                        : Optional.empty();
            case "pull_request_review" -> {
                String state = payload.path("review").path("state").asString("");
                boolean asksForWork =
                        state.equalsIgnoreCase("changes_requested") || state.equalsIgnoreCase("commented");
                yield action.equals("submitted") && asksForWork
                        ? Optional.of(of(payload, Set.of(number(payload.path("pull_request"))), null, Aspect.REVIEWS))
                        : Optional.empty();
            }
            case "check_run", "check_suite" -> {
                JsonNode check = payload.path(type);
                String branch = type.equals("check_run")
                        ? check.path("check_suite").path("head_branch").asString("")
                        : check.path("head_branch").asString("");
                // a check created, rerun or finished changes what the card shows (its subtask's
                // checks), whatever its conclusion; the sync also starts a follow-up for a failed one
                yield CHECK_ACTIONS.contains(action)
                        ? Optional.of(of(
                                payload,
                                numbers(check.path("pull_requests")),
                                branch.isEmpty() ? null : branch,
                                Aspect.CHECKS))
                        : Optional.empty();
            }
            default -> throw new IllegalArgumentException("not a pull request event: " + type);
        };
    }

    private static GitHubWebhookEvent of(
            JsonNode payload, Set<Integer> pullRequests, @Nullable String headBranch, Aspect aspect) {
        String fullName = payload.path("repository").path("full_name").asString("");
        int slash = fullName.indexOf('/');
        if (slash <= 0 || slash == fullName.length() - 1 || fullName.indexOf('/', slash + 1) >= 0) {
            throw DomainException.invalid("repository.full_name must be owner/name");
        }
        return new GitHubWebhookEvent(
                fullName.substring(0, slash), fullName.substring(slash + 1), pullRequests, headBranch, aspect);
    }

    private static int number(JsonNode pull) {
        JsonNode number = pull.path("number");
        if (!number.isInt() || number.asInt() < 1) {
            throw DomainException.invalid("pull_request.number must be a positive whole number");
        }
        return number.asInt();
    }

    /** The numbers of a check's pull requests; GitHub lists none for a pull request from a fork. */
    private static Set<Integer> numbers(JsonNode pulls) {
        Set<Integer> numbers = new LinkedHashSet<>();
        for (JsonNode pull : pulls) {
            numbers.add(number(pull));
        }
        return numbers;
    }
}
