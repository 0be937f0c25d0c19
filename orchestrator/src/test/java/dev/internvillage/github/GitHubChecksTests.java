package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The checks on a completed subtask's pushed head show on its card: the poll (every second here)
 * reads the check runs and commit statuses on the head commit into the subtask's {@code checks} and
 * sends {@code subtask:checks_changed} when, and only when, they changed; a move clears them.
 */
class GitHubChecksTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    /** Several poll intervals, for a loaded machine; a second is the interval. */
    private static final Duration WITHIN_A_POLL = Duration.ofSeconds(15);

    @Test
    void theHeadsCheckRunsAndStatusesShowOnTheSubtaskAndEachChangeIsStreamedOnce() {
        FakeGitHub.User alice = gitHubUser("alice");
        Api api = signIn(alice);
        String repo = "ci-" + UUID.randomUUID().toString().substring(0, 6);
        Board board = board(api, alice, repo);
        String head = GitFixtures.git(GITHUB.barePath(alice.login(), repo), "rev-parse", "refs/heads/" + board.branch())
                .strip();
        assertThat(subtask(api, board.subtaskId()).path("checks").isArray()).isTrue();
        assertThat(subtask(api, board.subtaskId()).path("checks")).isEmpty();

        try (SseClient stream =
                SseClient.connect(baseUrl() + "/api/projects/" + board.projectId() + "/events", api.cookie(), null)) {
            stream.await("connected");
            long lint = GITHUB.addCheckRun(alice.login(), repo, head, "ci/lint", "success", "clean");
            long test = GITHUB.startCheckRun(alice.login(), repo, head, "ci/test", "https://ci.example/runs/7");
            GITHUB.setCommitStatus(
                    alice.login(), repo, head, "deploy/preview", "failure", "https://ci.example/deploys/3");
            // a link the UI must never make clickable
            GITHUB.setCommitStatus(alice.login(), repo, head, "ci/docs", "success", "javascript:alert(1)");

            // the poll may have read some of them before the rest were there: wait for all four
            SseClient.Event all = awaitChecks(stream, board.subtaskId(), checks -> checks.size() == 4);
            assertThat(all.json().path("task_id").asString()).isEqualTo(board.taskId());
            assertThat(all.json().path("changed_at").asString()).isNotBlank();
            // failed first, then running, then the rest, each by name
            assertThat(summary(all.json().path("checks")))
                    .containsExactly(
                            "deploy/preview completed failure https://ci.example/deploys/3",
                            "ci/test in_progress null https://ci.example/runs/7",
                            "ci/docs completed success null",
                            // without a details_url of its own, GitHub's page of the run
                            "ci/lint completed success " + runPage(alice, repo, lint));
            JsonNode shown = subtask(api, board.subtaskId());
            assertThat(shown.path("status").asString())
                    .as("a failed commit status is shown only")
                    .isEqualTo("COMPLETED");
            assertThat(shown.path("checks")).isEqualTo(all.json().path("checks"));
            JsonNode listed = subtasks(api, board.taskId())
                    .valueStream()
                    .filter(s -> s.path("id").asString().equals(board.subtaskId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(listed.path("checks")).isEqualTo(all.json().path("checks"));

            // unchanged checks: the poll reads them again, the stream hears nothing
            int before = checksEvents(stream, board.subtaskId()).size();
            awaitPolls(alice, repo, head, 2);
            assertThat(checksEvents(stream, board.subtaskId())).hasSize(before);

            // the run finishes on GitHub: the next poll sees it
            GITHUB.completeCheckRun(test, "success", "all 12 tests passed");
            SseClient.Event finished = awaitChecks(
                    stream,
                    board.subtaskId(),
                    checks -> checks.valueStream()
                            .anyMatch(c -> c.path("name").asString().equals("ci/test")
                                    && c.path("status").asString().equals("completed")));
            assertThat(summary(finished.json().path("checks")))
                    .startsWith("deploy/preview completed failure https://ci.example/deploys/3")
                    .contains("ci/test completed success https://ci.example/runs/7")
                    .hasSize(4);
            assertThat(subtask(api, board.subtaskId()).path("checks"))
                    .isEqualTo(finished.json().path("checks"));
            assertThat(checksEvents(stream, board.subtaskId())).hasSize(before + 1);
        }
    }

    @Test
    void aFollowUpClearsTheChecksOfTheWorkItLeft() {
        FakeGitHub.User bob = gitHubUser("bob");
        Api api = signIn(bob);
        String repo = "ci-" + UUID.randomUUID().toString().substring(0, 6);
        Board board = board(api, bob, repo);
        String head = GitFixtures.git(GITHUB.barePath(bob.login(), repo), "rev-parse", "refs/heads/" + board.branch())
                .strip();

        try (SseClient stream =
                SseClient.connect(baseUrl() + "/api/projects/" + board.projectId() + "/events", api.cookie(), null)) {
            stream.await("connected");
            long run = GITHUB.addCheckRun(bob.login(), repo, head, "ci/test", "failure", "2 tests failed");

            // the failure is shown before the follow-up it starts takes the work back
            SseClient.Event failed = awaitChecks(stream, board.subtaskId(), checks -> checks.size() == 1);
            assertThat(summary(failed.json().path("checks")))
                    .containsExactly("ci/test completed failure " + runPage(bob, repo, run));
            await().atMost(AGENT_WAIT)
                    .until(() -> workerRuns(api, board.subtaskId()).size() == 2);
        }
        // new work on a new head, which has no checks yet
        JsonNode again = awaitSubtask(api, board.subtaskId(), status("COMPLETED"));
        assertThat(again.path("checks")).isEmpty();
    }

    private record Board(String projectId, String taskId, String subtaskId, String branch) {}

    /** A GitHub project with a planned task whose first ready subtask's work is COMPLETED. */
    private Board board(Api api, FakeGitHub.User owner, String repo) {
        String taskId = plannedTask(api, owner, repo);
        String subtaskId = readyOne(api, taskId);
        JsonNode done = work(api, subtaskId);
        return new Board(
                task(api, taskId).path("project_id").asString(),
                taskId,
                subtaskId,
                done.path("branch_name").asString());
    }

    private static SseClient.Event awaitChecks(SseClient stream, String subtaskId, Predicate<JsonNode> checks) {
        return stream.await(
                e -> e.type().equals("subtask:checks_changed")
                        && e.json().path("subtask_id").asString().equals(subtaskId)
                        && checks.test(e.json().path("checks")),
                WITHIN_A_POLL);
    }

    private static List<SseClient.Event> checksEvents(SseClient stream, String subtaskId) {
        return stream.events("subtask:checks_changed").stream()
                .filter(e -> e.json().path("subtask_id").asString().equals(subtaskId))
                .toList();
    }

    /**
     * Waits until the poll asked for the head's commit statuses {@code passes} more times: the read
     * that comes last in a pass, so all but the last of those passes have recorded what they read.
     */
    private static void awaitPolls(FakeGitHub.User owner, String repo, String sha, int passes) {
        String path = "/repos/" + owner.login() + "/" + repo + "/commits/" + sha + "/status";
        int before = GITHUB.requests("GET", path).size();
        await().atMost(WITHIN_A_POLL.multipliedBy(passes))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> GITHUB.requests("GET", path).size() >= before + passes);
    }

    /** The fake's GitHub page of a check run (its {@code html_url}). */
    private static String runPage(FakeGitHub.User owner, String repo, long run) {
        return GITHUB.url() + "/" + owner.login() + "/" + repo + "/runs/" + run;
    }

    /** Each check as "name status conclusion details_url". */
    private static List<String> summary(JsonNode checks) {
        return checks.valueStream()
                .map(c -> c.path("name").asString() + " " + c.path("status").asString() + " "
                        + (c.path("conclusion").isNull()
                                ? "null"
                                : c.path("conclusion").asString()) + " "
                        + (c.path("details_url").isNull()
                                ? "null"
                                : c.path("details_url").asString()))
                .toList();
    }
}
