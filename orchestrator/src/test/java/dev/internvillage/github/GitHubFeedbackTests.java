package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Feedback on GitHub goes back to the agent: the app polls the pull request's reviews (conditional
 * requests) and the check runs on its head; a review that requests changes or a failing check run
 * starts one follow-up on the same branch and PR, and failing checks are capped.
 */
class GitHubFeedbackTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    @Test
    void aChangesRequestedReviewStartsOneFollowUpPushedToTheSameBranchAndPullRequest() throws IOException {
        FakeGitHub.User alice = gitHubUser("alice");
        Api api = signIn(alice);
        String repo = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        Path bare = GITHUB.createRepo(alice.login(), repo);
        ApiResponse created = api.post(
                "/api/projects", "{\"repo_url\":" + Api.quote(GITHUB.url() + "/" + alice.login() + "/" + repo) + "}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String taskId = createTask(api, created.id(), "Add a basket", "Shoppers keep a basket.");
        awaitTask(api, taskId, "ACTIVE");
        String subtaskId = Stream.of(subtasks(api, taskId).valueStream().toArray(JsonNode[]::new))
                .filter(s -> s.path("status").asString().equals("READY"))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
        assertThat(api.post("/api/subtasks/" + subtaskId + "/start").status()).isEqualTo(200);
        JsonNode completed = awaitSubtask(api, subtaskId, status("COMPLETED"));
        String branch = completed.path("branch_name").asString();
        FakeGitHub.Pull pull = GITHUB.pulls(alice.login(), repo).getFirst();
        String headBefore =
                GitFixtures.git(bare, "rev-parse", "refs/heads/" + branch).strip();

        // an approval and a comment without a line comment ask for nothing
        GITHUB.addReview(alice.login(), repo, pull.number(), "dave", "APPROVED", "Looks good");
        GITHUB.addReview(alice.login(), repo, pull.number(), "erin", "COMMENTED", "Nice");
        // the poller keeps asking, and GitHub keeps answering "not modified"
        await().atMost(Duration.ofSeconds(20)).until(() -> GITHUB.reviewsNotModified() >= 2);
        assertThat(workerRuns(api, subtaskId)).hasSize(1);

        GITHUB.addReview(
                alice.login(),
                repo,
                pull.number(),
                "carol",
                "CHANGES_REQUESTED",
                "Please document the basket limits.",
                new FakeGitHub.ReviewComment("README.md", 1, "Mention the basket here."));

        await().atMost(AGENT_WAIT).until(() -> workerRuns(api, subtaskId).size() == 2);
        JsonNode again = awaitSubtask(api, subtaskId, status("COMPLETED"));
        JsonNode runs = workerRuns(api, subtaskId);
        assertThat(runs.get(1).path("reason").asString()).isEqualTo("changes_requested");
        assertThat(runs.get(1).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(prompt(runs.get(1)))
                .contains("## Follow-up: changes requested")
                .contains("@carol")
                .contains("Please document the basket limits.")
                .contains("README.md:1: Mention the basket here.")
                .doesNotContain("Looks good");

        // the same branch and pull request, moved forward with the agent's new commit
        assertThat(again.path("branch_name").asString()).isEqualTo(branch);
        assertThat(again.path("pr_number").asInt()).isEqualTo(pull.number());
        assertThat(GITHUB.pulls(alice.login(), repo)).hasSize(1);
        String headAfter =
                GitFixtures.git(bare, "rev-parse", "refs/heads/" + branch).strip();
        assertThat(headAfter).isNotEqualTo(headBefore);
        assertThat(GitFixtures.gitResult(bare, "merge-base", "--is-ancestor", headBefore, headAfter))
                .isZero();
        assertThat(GitFixtures.git(bare, "show", headAfter + ":REVIEW_NOTES.md"))
                .contains("Please document the basket limits.");

        // the handled review starts nothing more
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .until(() -> workerRuns(api, subtaskId).size() == 2);
    }

    @Test
    void aFailingCheckRunStartsAChecksFailedFollowUpAndTheCapHolds() throws IOException {
        FakeGitHub.User alice = gitHubUser("alice");
        Api api = signIn(alice);
        String repo = "ci-" + UUID.randomUUID().toString().substring(0, 6);
        Path bare = GITHUB.createRepo(alice.login(), repo);
        ApiResponse created = api.post(
                "/api/projects", "{\"repo_url\":" + Api.quote(GITHUB.url() + "/" + alice.login() + "/" + repo) + "}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(api.patch("/api/projects/" + created.id(), "{\"max_follow_ups\": 1}")
                        .status())
                .isEqualTo(200);
        String taskId = createTask(api, created.id(), "Add a basket", "Shoppers keep a basket.");
        awaitTask(api, taskId, "ACTIVE");
        String subtaskId = subtasks(api, taskId).get(0).path("id").asString();
        assertThat(api.post("/api/subtasks/" + subtaskId + "/start").status()).isEqualTo(200);
        String branch = awaitSubtask(api, subtaskId, status("COMPLETED"))
                .path("branch_name")
                .asString();
        String firstHead =
                GitFixtures.git(bare, "rev-parse", "refs/heads/" + branch).strip();

        GITHUB.addCheckRun(alice.login(), repo, firstHead, "ci/lint", "success", "clean");
        GITHUB.addCheckRun(alice.login(), repo, firstHead, "ci/test", "failure", "2 tests failed: basket_test");
        await().atMost(AGENT_WAIT).until(() -> workerRuns(api, subtaskId).size() == 2);
        JsonNode again = awaitSubtask(api, subtaskId, status("COMPLETED"));
        assertThat(again.path("automatic_follow_ups").asInt()).isEqualTo(1);
        JsonNode runs = workerRuns(api, subtaskId);
        assertThat(runs.get(1).path("reason").asString()).isEqualTo("checks_failed");
        assertThat(prompt(runs.get(1)))
                .contains("## Follow-up: checks failed")
                .contains("The check run `ci/test` failed on GitHub (failure)")
                .contains("2 tests failed: basket_test")
                .doesNotContain("ci/lint");
        String secondHead =
                GitFixtures.git(bare, "rev-parse", "refs/heads/" + branch).strip();
        assertThat(secondHead).isNotEqualTo(firstHead);

        // past max_follow_ups the next failing check waits for the user instead of starting a run
        GITHUB.addCheckRun(alice.login(), repo, secondHead, "ci/test", "failure", "still failing");
        JsonNode blocked = awaitSubtask(api, subtaskId, status("BLOCKED"));
        assertThat(blocked.path("blocked_reason").asString()).isEqualTo("FOLLOW_UP_LIMIT");
        assertThat(blocked.path("follow_up_reason").asString()).isEqualTo("checks_failed");
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .until(() -> workerRuns(api, subtaskId).size() == 2);
    }

    /** The prompt file written beside the run's log. */
    private static String prompt(JsonNode run) throws IOException {
        String name = "run-%03d.prompt.md".formatted(run.path("attempt_number").asInt());
        try (var files = Files.walk(DATA_DIR.resolve("logs"))) {
            Path file = files.filter(p -> p.getFileName().toString().equals(name))
                    .filter(p -> p.getParent()
                            .getFileName()
                            .toString()
                            .equals(run.path("subtask_id").asString()))
                    .findFirst()
                    .orElseThrow();
            return Files.readString(file);
        }
    }
}
