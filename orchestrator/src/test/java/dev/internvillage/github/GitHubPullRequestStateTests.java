package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pull request merged or closed on GitHub, found without a click: the poll (every second here)
 * reads each completed subtask's pull request with its last ETag; a merge moves the subtask to
 * MERGED and unblocks its dependents, a close without merging makes it wait for the user with the
 * reason.
 */
class GitHubPullRequestStateTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    /** Several poll intervals, for a loaded machine; a second is the interval. */
    private static final Duration WITHIN_A_POLL = Duration.ofSeconds(10);

    @Test
    void aPullRequestMergedOnGitHubMovesItsSubtaskToMergedWithinThePollIntervalAndItsDependentsToReady() {
        FakeGitHub.User alice = gitHubUser("alice");
        Api api = signIn(alice);
        String repo = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        String taskId = plannedTask(api, alice, repo);
        String first = readyOne(api, taskId);
        int number = work(api, first).path("pr_number").asInt();

        // while nothing changes, the poll asks with the ETag and GitHub answers "not modified"
        await().atMost(WITHIN_A_POLL).until(() -> GITHUB.pullNotModified(alice.login(), repo, number) >= 2);
        List<FakeGitHub.Recorded> reads = GITHUB.requests("GET", pullPath(alice, repo, number)).stream()
                .filter(r -> r.path().equals(pullPath(alice, repo, number)))
                .toList();
        assertThat(reads.getFirst().headers()).doesNotContainKey("if-none-match");
        assertThat(reads.subList(1, reads.size()))
                .allSatisfy(r -> assertThat(r.headers()).containsKey("if-none-match"));
        assertThat(subtask(api, first).path("status").asString()).isEqualTo("COMPLETED");

        GITHUB.merge(alice.login(), repo, number);

        JsonNode merged = await().atMost(WITHIN_A_POLL)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> subtask(api, first),
                        s -> s.path("status").asString().equals("MERGED"));
        assertThat(merged.path("pr_number").asInt()).isEqualTo(number);
        assertThat(statusesAfter(api, taskId, first))
                .as("the subtasks after it are ready; the last still waits for them")
                .containsExactly(entry("depend on it", Set.of("READY")), entry("the rest", Set.of("BLOCKED")));
        assertThat(GITHUB.requests("PUT", "/repos/" + alice.login() + "/" + repo + "/pulls/"))
                .as("the app merged nothing itself")
                .isEmpty();
    }

    @Test
    void aPullRequestClosedWithoutMergingOnGitHubBlocksItsSubtaskWithTheReason() {
        FakeGitHub.User bob = gitHubUser("bob");
        Api api = signIn(bob);
        String repo = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        String taskId = plannedTask(api, bob, repo);
        String first = readyOne(api, taskId);
        int number = work(api, first).path("pr_number").asInt();

        GITHUB.close(bob.login(), repo, number);

        JsonNode blocked = await().atMost(WITHIN_A_POLL)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> subtask(api, first),
                        s -> s.path("status").asString().equals("BLOCKED"));
        String reason = "pull request #" + number + " was closed without merging on GitHub";
        assertThat(blocked.path("blocked_reason").asString()).isEqualTo("PR_CLOSED");
        assertThat(blocked.path("blocked_detail").asString()).isEqualTo(reason);
        JsonNode listed = subtasks(api, taskId)
                .valueStream()
                .filter(s -> s.path("id").asString().equals(first))
                .findFirst()
                .orElseThrow();
        assertThat(listed.path("blocked_detail").asString()).isEqualTo(reason);
        // its dependents keep waiting, and it cannot be marked merged
        assertThat(statusesAfter(api, taskId, first).get("depend on it")).containsExactly("BLOCKED");
        for (String move : List.of("mark-merged", "start")) {
            ApiResponse refused = api.post("/api/subtasks/" + first + "/" + move);
            assertThat(refused.status()).as("%s: %s", move, refused).isEqualTo(422);
            assertThat(refused.errorMessage())
                    .contains("closed without merging")
                    .contains("retry");
        }
    }

    @Test
    void withoutASecretTheWebhookIsOff() {
        FakeGitHub.Delivery ping =
                GITHUB.event("ping", JsonMapper.shared().createObjectNode().put("zen", "Keep it logically awesome."));

        ApiResponse response = FakeGitHub.deliver(baseUrl() + "/api/github/webhook", ping, "any-secret");

        assertThat(response.status()).as("%s", response).isEqualTo(404);
        assertThat(response.errorMessage()).contains("GITHUB_WEBHOOK_SECRET");
    }

    private static String pullPath(FakeGitHub.User owner, String repo, int number) {
        return "/repos/" + owner.login() + "/" + repo + "/pulls/" + number;
    }
}
