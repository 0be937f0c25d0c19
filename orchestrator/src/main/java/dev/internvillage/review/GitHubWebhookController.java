package dev.internvillage.review;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.github.GitHubSettings;
import dev.internvillage.github.GitHubWebhooks;
import dev.internvillage.review.GitHubPullRequestSync.Target;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskService;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GitHub's webhook, on when {@code GITHUB_WEBHOOK_SECRET} is set: news about pull requests (merged or
 * closed, a review, a failed check) sooner than the next poll. It takes no session; the signature of
 * the body under the secret is the proof a delivery comes from GitHub, so it is checked before
 * anything else is read. A delivery then only names the pull requests to look at again: what
 * changed is read from GitHub's API ({@link GitHubPullRequestSync}, as the poller does), so a
 * replayed or stale delivery can do no more than an extra poll would. A delivery handled before
 * (same id or same body) does nothing.
 */
@RestController
class GitHubWebhookController {

    private static final Logger log = LoggerFactory.getLogger(GitHubWebhookController.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int MAX_DELIVERY_ID = 100;

    private final GitHubSettings settings;
    private final GitHubWebhookDeliveries deliveries;
    private final SubtaskService subtasks;
    private final GitHubPullRequestSync sync;

    GitHubWebhookController(
            GitHubSettings settings,
            GitHubWebhookDeliveries deliveries,
            SubtaskService subtasks,
            GitHubPullRequestSync sync) {
        this.settings = settings;
        this.deliveries = deliveries;
        this.subtasks = subtasks;
        this.sync = sync;
    }

    @PostMapping(GitHubWebhooks.PATH)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            description = "GitHub's payload of the event, as GitHub sent it (the signature is over these bytes)",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @ApiResponse(
            responseCode = "200",
            description = "A pull request event: handled, a duplicate, or nothing in it for the app",
            content = @Content(schema = @Schema(implementation = DeliveryResponse.class)))
    @ApiResponse(
            responseCode = "202",
            description = "An event type the app does not act on (ping, push, ...): ignored",
            content = @Content(schema = @Schema(implementation = DeliveryResponse.class)))
    ResponseEntity<DeliveryResponse> deliver(
            @RequestHeader(name = "X-GitHub-Event", required = false) @Nullable String event,
            @RequestHeader(name = "X-GitHub-Delivery", required = false) @Nullable String delivery,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) @Nullable String signature,
            @RequestBody(required = false) byte @Nullable [] body) {
        String secret = settings.webhookSecret();
        if (secret == null) {
            throw new DomainException(
                    ErrorCode.NOT_FOUND, "the GitHub webhook is off: set GITHUB_WEBHOOK_SECRET to turn it on");
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (!GitHubWebhooks.signatureMatches(secret, raw, signature)) {
            throw DomainException.unauthorized(
                    "X-Hub-Signature-256 is missing or does not match the body; check the webhook's secret");
        }
        if (event == null || event.isBlank()) {
            throw DomainException.invalid("X-GitHub-Event is required");
        }
        if (delivery == null || delivery.isBlank() || delivery.length() > MAX_DELIVERY_ID) {
            throw DomainException.invalid("X-GitHub-Delivery is required (at most " + MAX_DELIVERY_ID + " characters)");
        }
        JsonNode payload = parse(raw);
        if (!GitHubWebhookEvent.TYPES.contains(event)) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new DeliveryResponse(Outcome.IGNORED, 0));
        }
        Optional<GitHubWebhookEvent> news = GitHubWebhookEvent.of(event, payload);
        if (news.isEmpty()) {
            return ResponseEntity.ok(new DeliveryResponse(Outcome.IGNORED, 0));
        }
        if (!deliveries.claim(delivery, sha256(raw))) {
            return ResponseEntity.ok(new DeliveryResponse(Outcome.DUPLICATE, 0));
        }
        return ResponseEntity.ok(new DeliveryResponse(Outcome.HANDLED, handle(news.get())));
    }

    /** Syncs each completed subtask the event is about; returns how many there were. */
    private int handle(GitHubWebhookEvent event) {
        int concerned = 0;
        for (Subtask subtask : subtasks.completed()) {
            boolean named = (subtask.prNumber() != null && event.pullRequests().contains(subtask.prNumber()))
                    || (event.headBranch() != null && event.headBranch().equals(subtask.branchName()));
            if (!named) {
                continue;
            }
            try {
                Optional<Target> target = sync.target(subtask).filter(t -> sameRepository(t, event));
                if (target.isPresent()) {
                    concerned++;
                    sync.sync(target.get(), EnumSet.of(event.aspect()));
                }
            } catch (DomainException e) {
                // the next poll looks again
                log.info("A webhook delivery about subtask {} was not acted on: {}", subtask.key(), e.getMessage());
            }
        }
        return concerned;
    }

    /** GitHub's owner and repository names are case-insensitive. */
    private static boolean sameRepository(Target target, GitHubWebhookEvent event) {
        return target.owner().toLowerCase(Locale.ROOT).equals(event.owner().toLowerCase(Locale.ROOT))
                && target.repo().toLowerCase(Locale.ROOT).equals(event.repo().toLowerCase(Locale.ROOT));
    }

    private static JsonNode parse(byte[] body) {
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (JacksonException e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            throw DomainException.invalid(
                    "the body must be a JSON object; set the webhook's content type to application/json");
        }
        return payload;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            // every JDK has SHA-256
            throw new IllegalStateException(e);
        }
    }

    /** What came of a delivery. */
    enum Outcome {
        /** The subtasks it names were looked at again (0 when it names none of the app's). */
        HANDLED,
        /** It (its id or its body) was handled before: nothing done. */
        DUPLICATE,
        /** Nothing in it concerns a subtask (an event or action the app does not act on). */
        IGNORED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param subtasks how many of the app's completed subtasks the delivery was about
     */
    record DeliveryResponse(Outcome outcome, int subtasks) {}
}
