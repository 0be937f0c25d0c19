package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GitHub's webhook: signed deliveries about pull requests act at once, through the same code the
 * poll uses. The poll is set to a day here, so nothing but a delivery explains a change.
 */
class GitHubPullRequestWebhookTests extends GitHubTestBase {

    private static final String SECRET = "the-webhook-secret-" + UUID.randomUUID();
    /** This context's own data and database: agents recover work at start-up, so contexts must not share rows. */
    private static final Path OWN_DATA_DIR = ROOT.resolve("data-webhooks");

    @DynamicPropertySource
    static void webhooks(DynamicPropertyRegistry registry) {
        gitHubMode(registry, OWN_DATA_DIR, "github-webhooks", 86_400);
        registry.add("GITHUB_WEBHOOK_SECRET", () -> SECRET);
    }

    @Test
    void aSignedMergeDeliveryMovesTheSubtaskToMergedAndItsDependentsToReadyOnceAndABadSignatureChangesNothing() {
        FakeGitHub.User alice = gitHubUser("alice");
        Api api = signIn(alice);
        String repo = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        String taskId = plannedTask(api, alice, repo);
        String first = readyOne(api, taskId);
        int number = work(api, first).path("pr_number").asInt();
        GITHUB.merge(alice.login(), repo, number);
        FakeGitHub.Delivery merged = GITHUB.pullRequestEvent(alice.login(), repo, number, "closed");
        int reads = pullReads(alice, repo, number);

        // a delivery signed with another secret, or not signed, or whose body was changed after signing:
        // 401, and the app does not even look
        ApiResponse forged = FakeGitHub.deliver(webhook(), merged, "not-the-secret");
        assertThat(forged.status()).as("%s", forged).isEqualTo(401);
        assertThat(forged.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(forged.errorMessage()).contains("X-Hub-Signature-256");
        assertThat(FakeGitHub.deliverWithSignature(webhook(), merged, null).status())
                .isEqualTo(401);
        String signature = FakeGitHub.sign(SECRET, merged.body());
        FakeGitHub.Delivery tampered = new FakeGitHub.Delivery(
                merged.event(),
                UUID.randomUUID().toString(),
                new String(merged.body(), StandardCharsets.UTF_8)
                        .replace("\"action\":\"closed\"", "\"action\":\"closed\" ")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(FakeGitHub.deliverWithSignature(webhook(), tampered, signature)
                        .status())
                .isEqualTo(401);
        assertThat(subtask(api, first).path("status").asString()).isEqualTo("COMPLETED");
        assertThat(pullReads(alice, repo, number)).isEqualTo(reads);

        // the same bytes with the right signature
        ApiResponse delivered = FakeGitHub.deliverWithSignature(webhook(), merged, signature);

        assertThat(delivered.status()).as("%s", delivered).isEqualTo(200);
        assertThat(delivered.json().path("outcome").asString()).isEqualTo("handled");
        assertThat(delivered.json().path("subtasks").asInt()).isEqualTo(1);
        assertThat(subtask(api, first).path("status").asString()).isEqualTo("MERGED");
        assertThat(statusesAfter(api, taskId, first))
                .as("the subtasks after it are ready; the last still waits for them")
                .containsExactly(entry("depend on it", Set.of("READY")), entry("the rest", Set.of("BLOCKED")));

        // a redelivery (same id), or a replay of the body under a new id: nothing more, not even a look
        int readsAfter = pullReads(alice, repo, number);
        ApiResponse again = FakeGitHub.deliver(webhook(), merged, SECRET);
        ApiResponse replayed =
                FakeGitHub.deliver(webhook(), merged.withId(UUID.randomUUID().toString()), SECRET);
        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.json().path("outcome").asString()).isEqualTo("duplicate");
        assertThat(replayed.status()).as("%s", replayed).isEqualTo(200);
        assertThat(replayed.json().path("outcome").asString()).isEqualTo("duplicate");
        assertThat(pullReads(alice, repo, number)).isEqualTo(readsAfter);
    }

    @Test
    void aClosedDeliveryBlocksTheSubtaskWithTheReasonAndRetryOpensANewPullRequest() {
        FakeGitHub.User bob = gitHubUser("bob");
        Api api = signIn(bob);
        String repo = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        String taskId = plannedTask(api, bob, repo);
        String first = readyOne(api, taskId);
        JsonNode done = work(api, first);
        int number = done.path("pr_number").asInt();
        GITHUB.close(bob.login(), repo, number);

        ApiResponse delivered =
                FakeGitHub.deliver(webhook(), GITHUB.pullRequestEvent(bob.login(), repo, number, "closed"), SECRET);

        assertThat(delivered.status()).as("%s", delivered).isEqualTo(200);
        JsonNode blocked = subtask(api, first);
        assertThat(blocked.path("status").asString()).isEqualTo("BLOCKED");
        assertThat(blocked.path("blocked_reason").asString()).isEqualTo("PR_CLOSED");
        assertThat(blocked.path("blocked_detail").asString())
                .isEqualTo("pull request #" + number + " was closed without merging on GitHub");

        // the user retries: the worker pushes the branch again and a new pull request is opened for it
        ApiResponse retried = api.post("/api/subtasks/" + first + "/retry");
        assertThat(retried.status()).as("%s", retried).isEqualTo(200);
        assertThat(retried.json().path("blocked_detail").isNull()).isTrue();
        JsonNode again =
                awaitSubtask(api, first, s -> !s.path("status").asString().equals("IN_PROGRESS"));
        assertThat(again.path("status").asString()).as("%s", again).isEqualTo("COMPLETED");
        int reopened = again.path("pr_number").asInt();
        assertThat(reopened).isNotEqualTo(number);
        assertThat(again.path("branch_name").asString())
                .isEqualTo(done.path("branch_name").asString());
        assertThat(GITHUB.pulls(bob.login(), repo))
                .extracting(FakeGitHub.Pull::number, FakeGitHub.Pull::closed)
                .containsExactly(tuple(number, true), tuple(reopened, false));

        // merged on GitHub, Mark Merged asks GitHub and succeeds (no poll or delivery got there first)
        GITHUB.merge(bob.login(), repo, reopened);
        ApiResponse marked = api.post("/api/subtasks/" + first + "/mark-merged");
        assertThat(marked.status()).as("%s", marked).isEqualTo(200);
        assertThat(marked.json().path("status").asString()).isEqualTo("MERGED");
    }

    @Test
    void reviewAndCheckRunDeliveriesStartTheSameFollowUpsAsThePoll() {
        FakeGitHub.User carol = gitHubUser("carol");
        Api api = signIn(carol);
        String repo = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        String taskId = plannedTask(api, carol, repo);
        String first = readyOne(api, taskId);
        JsonNode done = work(api, first);
        int number = done.path("pr_number").asInt();
        String branch = done.path("branch_name").asString();

        // an approval asks for nothing
        long approval = GITHUB.addReview(carol.login(), repo, number, "dave", "APPROVED", "Looks good");
        ApiResponse approved = FakeGitHub.deliver(
                webhook(), GITHUB.reviewSubmittedEvent(carol.login(), repo, number, approval), SECRET);
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);
        assertThat(approved.json().path("outcome").asString()).isEqualTo("ignored");

        long changes = GITHUB.addReview(
                carol.login(), repo, number, "erin", "CHANGES_REQUESTED", "Please document the basket limits.");
        ApiResponse requested = FakeGitHub.deliver(
                webhook(), GITHUB.reviewSubmittedEvent(carol.login(), repo, number, changes), SECRET);

        assertThat(requested.status()).as("%s", requested).isEqualTo(200);
        assertThat(requested.json().path("subtasks").asInt()).isEqualTo(1);
        await().atMost(AGENT_WAIT).until(() -> workerRuns(api, first).size() == 2);
        assertThat(workerRuns(api, first).get(1).path("reason").asString()).isEqualTo("changes_requested");
        awaitSubtask(api, first, status("COMPLETED"));

        // a failing check on the branch, reported without pull requests (as GitHub does for a fork's branch)
        String head = GitFixtures.git(GITHUB.barePath(carol.login(), repo), "rev-parse", "refs/heads/" + branch)
                .strip();
        long run = GITHUB.addCheckRun(carol.login(), repo, head, "ci/test", "failure", "2 tests failed");
        ApiResponse failed =
                FakeGitHub.deliver(webhook(), GITHUB.checkRunCompletedEvent(carol.login(), repo, run, branch), SECRET);

        assertThat(failed.status()).as("%s", failed).isEqualTo(200);
        assertThat(failed.json().path("subtasks").asInt()).isEqualTo(1);
        await().atMost(AGENT_WAIT).until(() -> workerRuns(api, first).size() == 3);
        assertThat(workerRuns(api, first).get(2).path("reason").asString()).isEqualTo("checks_failed");
    }

    @Test
    void aCheckRunDeliveryShowsTheChecksAtOnceWhateverTheirConclusion() {
        FakeGitHub.User dave = gitHubUser("dave");
        Api api = signIn(dave);
        String repo = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        String first = readyOne(api, plannedTask(api, dave, repo));
        JsonNode done = work(api, first);
        String branch = done.path("branch_name").asString();
        String head = GitFixtures.git(GITHUB.barePath(dave.login(), repo), "rev-parse", "refs/heads/" + branch)
                .strip();
        long run = GITHUB.startCheckRun(dave.login(), repo, head, "ci/test", "https://ci.example/runs/9");
        GITHUB.completeCheckRun(run, "success", "all green");

        ApiResponse passed = FakeGitHub.deliver(
                webhook(),
                GITHUB.checkRunCompletedEvent(
                        dave.login(), repo, run, branch, done.path("pr_number").asInt()),
                SECRET);

        assertThat(passed.status()).as("%s", passed).isEqualTo(200);
        assertThat(passed.json().path("outcome").asString()).isEqualTo("handled");
        assertThat(passed.json().path("subtasks").asInt()).isEqualTo(1);
        // read while the delivery was handled, before its answer: no poll needed
        JsonNode shown = subtask(api, first);
        assertThat(shown.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(shown.path("checks")
                        .valueStream()
                        .map(c -> tuple(
                                c.path("name").asString(),
                                c.path("status").asString(),
                                c.path("conclusion").asString(),
                                c.path("details_url").asString())))
                .containsExactly(tuple("ci/test", "completed", "success", "https://ci.example/runs/9"));
        assertThat(workerRuns(api, first))
                .as("a passing check asks for nothing")
                .hasSize(1);
    }

    @Test
    void otherEventsAreAcceptedAndIgnoredAndABodyThatIsNotJsonIsRefused() {
        JsonMapper json = JsonMapper.shared();
        FakeGitHub.Delivery ping = GITHUB.event("ping", json.createObjectNode().put("zen", "Design for failure."));

        ApiResponse pong = FakeGitHub.deliver(webhook(), ping, SECRET);

        assertThat(pong.status()).as("%s", pong).isEqualTo(202);
        assertThat(pong.json().path("outcome").asString()).isEqualTo("ignored");
        FakeGitHub.Delivery notJson = new FakeGitHub.Delivery(
                "pull_request", UUID.randomUUID().toString(), "payload=%7B%7D".getBytes(StandardCharsets.UTF_8));
        ApiResponse refused = FakeGitHub.deliver(webhook(), notJson, SECRET);
        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        assertThat(refused.errorMessage()).contains("application/json");
    }

    private String webhook() {
        return baseUrl() + "/api/github/webhook";
    }

    /** How often the app read the pull request from GitHub. */
    private static int pullReads(FakeGitHub.User owner, String repo, int number) {
        String path = "/repos/" + owner.login() + "/" + repo + "/pulls/" + number;
        return (int) GITHUB.requests("GET", path).stream()
                .filter(r -> r.path().equals(path))
                .count();
    }
}
