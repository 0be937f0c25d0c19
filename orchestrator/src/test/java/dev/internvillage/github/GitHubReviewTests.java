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
import tools.jackson.databind.JsonNode;

/**
 * Reviews on GitHub go back to the agent: the app polls the pull request's reviews (conditional
 * requests) and a review that requests changes starts one follow-up on the same branch and PR.
 */
class GitHubReviewTests extends GitHubTestBase {

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
