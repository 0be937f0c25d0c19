package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Follow-up attempts with a cause, with the demo agent as real processes on real git: review
 * feedback sent back through the API, a failing check command and the cap on automatic follow-ups.
 */
class FollowUpTests extends AgentTestBase {

    private static final Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-follow-ups");
        registry.add("AGENT_RUNTIME", () -> "demo");
        registry.add("AGENT_DEMO_LINE_DELAY_MS", () -> "0");
        registry.add("AGENT_MAX_CONCURRENT", () -> "3");
    }

    @Test
    void requestedChangesGoBackToTheWorkerWhosNewCommitIsPushedToTheSameBranch() throws Exception {
        Api api = newUser();
        Path origin = origin();
        String projectId = project(api, origin);
        SseClient stream = SseClient.connect(baseUrl() + "/api/projects/" + projectId + "/events", api.cookie(), null);
        stream.await("connected");
        String s1 = firstSubtask(api, projectId);
        assertThat(api.post("/api/subtasks/" + s1 + "/request-changes", "{\"comment\":\"too early\"}")
                        .status())
                .as("nothing to review before the work is done")
                .isEqualTo(409);
        assertThat(api.post("/api/subtasks/" + s1 + "/start").status()).isEqualTo(200);
        JsonNode completed = awaitSubtask(api, s1, status("COMPLETED"));
        String branch = completed.path("branch_name").asString();
        String headBefore = GitFixtures.git(origin, "rev-parse", "refs/heads/" + branch);

        ApiResponse bad = api.post("/api/subtasks/" + s1 + "/request-changes", "{\"comment\":\"  \"}");
        assertThat(bad.status()).as("%s", bad).isEqualTo(400);
        ApiResponse badLine = api.post(
                "/api/subtasks/" + s1 + "/request-changes",
                "{\"comment\":\"x\",\"comments\":[{\"path\":\"a\",\"line\":0,\"body\":\"b\"}]}");
        assertThat(badLine.status()).as("%s", badLine).isEqualTo(400);

        ApiResponse requested = api.post("/api/subtasks/" + s1 + "/request-changes", """
                {"comment": "Please name the due date format in the docs.",
                 "comments": [{"path": "README.md", "line": 1, "body": "Say what the app is for."}]}""");
        assertThat(requested.status()).as("%s", requested).isEqualTo(200);
        assertThat(requested.json().path("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(requested.json().path("follow_up_reason").asString()).isEqualTo("changes_requested");

        JsonNode again = awaitSubtask(api, s1, status("COMPLETED"));
        assertThat(again.path("branch_name").asString()).isEqualTo(branch);
        assertThat(again.path("pr_number").asInt())
                .isEqualTo(completed.path("pr_number").asInt());
        assertThat(again.path("pr_url").asString())
                .isEqualTo(completed.path("pr_url").asString());
        assertThat(again.path("follow_up_reason").isNull()).isTrue();

        JsonNode runs = workerRuns(api, s1);
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("reason").isNull()).isTrue();
        assertThat(runs.get(1).path("reason").asString()).isEqualTo("changes_requested");
        assertThat(runs.get(1).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(prompt(runs.get(1)))
                .contains("## Follow-up: changes requested")
                .contains("Please name the due date format in the docs.")
                .contains("README.md:1: Say what the app is for.");
        assertThat(prompt(runs.get(0))).doesNotContain("Follow-up");

        String headAfter = GitFixtures.git(origin, "rev-parse", "refs/heads/" + branch);
        assertThat(headAfter).isNotEqualTo(headBefore);
        assertThat(GitFixtures.gitResult(origin, "merge-base", "--is-ancestor", headBefore.strip(), headAfter.strip()))
                .as("the branch moved forward, nothing rewritten")
                .isZero();
        assertThat(GitFixtures.git(origin, "show", headAfter.strip() + ":REVIEW_NOTES.md"))
                .contains("Please name the due date format in the docs.")
                .contains("README.md:1");

        stream.await(
                e -> e.type().equals("subtask:status_changed")
                        && e.json().path("new_status").asString().equals("IN_PROGRESS")
                        && e.json().path("follow_up_reason").asString().equals("changes_requested"),
                Duration.ofSeconds(30));
        stream.await(
                e -> e.type().equals("agent:started")
                        && e.json().path("reason").asString().equals("changes_requested"),
                Duration.ofSeconds(30));
        stream.close();
    }

    @Test
    void aFailingCheckFailsTheAttemptAndItsOutputIsInTheNextPromptWhoseAgentFixesIt() throws Exception {
        Api api = newUser();
        String projectId = project(api, origin());
        ApiResponse patched = api.patch(
                "/api/projects/" + projectId,
                "{\"check_command\": \"test -f CHECKS_OK || { echo 'CHECKS_OK is missing' >&2; exit 4; }\"}");
        assertThat(patched.status()).as("%s", patched).isEqualTo(200);
        assertThat(patched.json().path("check_command").asString()).startsWith("test -f CHECKS_OK");
        String s1 = firstSubtask(api, projectId);

        assertThat(api.post("/api/subtasks/" + s1 + "/start").status()).isEqualTo(200);
        awaitSubtask(api, s1, status("COMPLETED"));

        JsonNode runs = workerRuns(api, s1);
        assertThat(statuses(runs)).containsExactly("FAILED", "SUCCEEDED");
        assertThat(runs.get(0).path("error_message").asString()).contains("exited with status 4");
        assertThat(runs.get(1).path("reason").asString()).isEqualTo("checks_failed");
        assertThat(log(api, runs.get(0))).contains("[check] CHECKS_OK is missing");
        assertThat(prompt(runs.get(1)))
                .contains("## Follow-up: checks failed")
                .contains("CHECKS_OK is missing")
                .contains("exited with status 4");
        assertThat(log(api, runs.get(1))).contains("The check passed");
    }

    @Test
    void aCheckThatAlwaysFailsStopsAfterMaxFollowUpsAndWaitsForTheUser() throws Exception {
        Api api = newUser();
        String projectId = project(api, origin());
        ApiResponse patched = api.patch(
                "/api/projects/" + projectId,
                "{\"check_command\": \"echo still broken; exit 3\", \"max_follow_ups\": 2}");
        assertThat(patched.status()).as("%s", patched).isEqualTo(200);
        assertThat(patched.json().path("max_follow_ups").asInt()).isEqualTo(2);
        String s1 = firstSubtask(api, projectId);

        assertThat(api.post("/api/subtasks/" + s1 + "/start").status()).isEqualTo(200);
        JsonNode blocked = awaitSubtask(api, s1, status("BLOCKED"));
        assertThat(blocked.path("blocked_reason").asString()).isEqualTo("FOLLOW_UP_LIMIT");
        assertThat(blocked.path("follow_up_reason").asString()).isEqualTo("checks_failed");
        assertThat(blocked.path("automatic_follow_ups").asInt()).isEqualTo(3);

        // one first attempt and two follow-ups, then nothing more
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> workerRuns(api, s1).size() == 3);
        JsonNode runs = workerRuns(api, s1);
        assertThat(statuses(runs)).containsExactly("FAILED", "FAILED", "FAILED");
        assertThat(reasons(runs)).containsExactly("", "checks_failed", "checks_failed");
        assertThat(prompt(runs.get(2))).contains("still broken");

        // the user acts: the check is removed and the subtask retried
        assertThat(api.patch("/api/projects/" + projectId, "{\"check_command\": \"\"}")
                        .json()
                        .path("check_command")
                        .isNull())
                .isTrue();
        assertThat(api.post("/api/subtasks/" + s1 + "/retry").status()).isEqualTo(200);
        JsonNode done = awaitSubtask(api, s1, status("COMPLETED"));
        assertThat(done.path("automatic_follow_ups").asInt()).isZero();
        assertThat(workerRuns(api, s1).get(3).path("reason").asString()).isEqualTo("retry");
    }

    @Test
    void projectSettingsAreValidated() {
        Api api = newUser();
        String projectId = project(api, origin());
        JsonNode project = api.get("/api/projects/" + projectId).json();
        assertThat(project.path("check_command").isNull()).isTrue();
        assertThat(project.path("max_follow_ups").asInt()).isEqualTo(3);
        assertThat(api.patch("/api/projects/" + projectId, "{}").status()).isEqualTo(400);
        assertThat(api.patch("/api/projects/" + projectId, "{\"max_follow_ups\": 21}")
                        .status())
                .isEqualTo(400);
        assertThat(api.patch("/api/projects/" + projectId, "{\"check_command\": \"" + "x".repeat(2001) + "\"}")
                        .status())
                .isEqualTo(400);
        assertThat(api.patch("/api/projects/" + UUID.randomUUID(), "{\"max_follow_ups\": 1}")
                        .status())
                .isEqualTo(404);
        assertThat(newUser()
                        .patch("/api/projects/" + projectId, "{\"max_follow_ups\": 1}")
                        .status())
                .as("someone else's project")
                .isIn(403, 404);
    }

    private Path origin() {
        return GitFixtures.repositoryWithCommit(tmp.resolve("origin-" + UUID.randomUUID()), "main");
    }

    private String project(Api api, Path origin) {
        ApiResponse project = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}");
        assertThat(project.status()).as("%s", project).isEqualTo(201);
        return project.id();
    }

    private String firstSubtask(Api api, String projectId) {
        String taskId = createTask(api, projectId, "Add due dates", "Items get a due date.");
        awaitTask(api, taskId, "ACTIVE");
        return subtasks(api, taskId).get(0).path("id").asString();
    }

    private static List<String> statuses(JsonNode runs) {
        List<String> statuses = new ArrayList<>();
        runs.forEach(r -> statuses.add(r.path("status").asString()));
        return statuses;
    }

    private static List<String> reasons(JsonNode runs) {
        List<String> reasons = new ArrayList<>();
        runs.forEach(r -> reasons.add(r.path("reason").asString("")));
        return reasons;
    }

    private static String log(Api api, JsonNode run) {
        return api.get("/api/runs/" + run.path("id").asString() + "/logs")
                .json()
                .path("content")
                .asString();
    }

    private static String prompt(JsonNode run) {
        return promptOf(DATA_DIR, run);
    }
}
