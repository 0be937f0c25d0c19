package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.SseClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole product loop with the bundled demo agent, as real processes on real git repositories:
 * a task is planned, every subtask is worked, pushed, reviewed as a diff and merged, and the task
 * ends DONE.
 */
class DemoFlowTests extends AgentTestBase {

    private static final Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-demo");
        registry.add("AGENT_RUNTIME", () -> "demo");
        registry.add("AGENT_DEMO_LINE_DELAY_MS", () -> "2");
        registry.add("AGENT_MAX_CONCURRENT", () -> "2");
    }

    @Test
    void aTaskGoesFromCreationToDoneThroughRealAgentProcesses() throws Exception {
        Api api = newUser();
        Path origin = GitFixtures.repositoryWithCommit(tmp.resolve("origin-" + UUID.randomUUID()), "main");
        ApiResponse project = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}");
        assertThat(project.status()).as("%s", project).isEqualTo(201);
        String projectId = project.id();
        // the board's view: one stream for the project, every agent's log lines included
        SseClient stream = SseClient.connect(
                baseUrl() + "/api/projects/" + projectId + "/events?subscribe_logs=all", api.cookie(), null);
        stream.await("connected");
        String taskId = createTask(api, projectId, "Add due dates to items", """
                Items get an optional due date.
                - Store the due date with each item
                - Show overdue items in red
                - Let the user sort by due date
                """);

        JsonNode active = awaitTask(api, taskId, "ACTIVE");
        assertThat(active.path("spec").asString()).contains("Add due dates to items");
        JsonNode plannerRuns = plannerRuns(api, taskId);
        assertThat(plannerRuns).hasSize(1);
        assertThat(plannerRuns.get(0).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(plannerRuns.get(0).path("token_usage").asLong()).isPositive();
        assertLogWellFormed(api, plannerRuns.get(0).path("id").asString());

        JsonNode subtasks = subtasks(api, taskId);
        assertThat(subtasks.size()).isBetween(3, 6);
        Map<String, String> keyOf = new HashMap<>();
        subtasks.forEach(s -> keyOf.put(s.path("id").asString(), s.path("key").asString()));
        assertThat(subtasks.get(0).path("status").asString()).isEqualTo("READY");
        for (int i = 1; i < subtasks.size(); i++) {
            assertThat(subtasks.get(i).path("status").asString()).isEqualTo("BLOCKED");
            assertThat(subtasks.get(i).path("depends_on")).isNotEmpty();
        }

        List<String> merged = new ArrayList<>();
        List<String> resolved = new ArrayList<>();
        while (merged.size() < subtasks.size()) {
            List<String> ready = new ArrayList<>();
            subtasks(api, taskId).forEach(s -> {
                if (s.path("status").asString().equals("READY")) {
                    ready.add(s.path("id").asString());
                }
            });
            assertThat(ready)
                    .as("something is ready while %s are merged", merged)
                    .isNotEmpty();
            for (String id : ready) {
                ApiResponse started = api.post("/api/subtasks/" + id + "/start");
                assertThat(started.status()).as("%s", started).isEqualTo(200);
                assertThat(started.json().path("current_run").path("status").asString())
                        .isIn("QUEUED", "RUNNING");
            }
            for (String id : ready) {
                JsonNode completed = awaitSubtask(api, id, status("COMPLETED"));
                String branch = completed.path("branch_name").asString();
                assertThat(branch).startsWith("iv/" + taskId.substring(0, 8) + "/" + keyOf.get(id));
                assertThat(completed.path("pr_url").asString()).isEqualTo("/projects/" + projectId + "/subtasks/" + id);
                assertThat(completed.path("pr_number").asInt()).isPositive();
                assertThat(completed.path("token_usage").asLong()).isPositive();
                assertThat(GitFixtures.git(origin, "rev-parse", "--verify", "refs/heads/" + branch))
                        .as("branch pushed to origin")
                        .isNotBlank();

                JsonNode diff = api.get("/api/subtasks/" + id + "/diff").json();
                assertThat(diff.path("branch").asString()).isEqualTo(branch);
                assertThat(diff.path("base_branch").asString()).isEqualTo("main");
                assertThat(diff.path("files")).isNotEmpty();
                assertThat(diff.path("files")
                                .valueStream()
                                .filter(f -> f.path("path").asString().startsWith("docs/iv-" + keyOf.get(id)))
                                .map(f -> f.path("status").asString()))
                        .as("the subtask's own file")
                        .containsExactly("added");
                assertThat(diff.path("stats").path("additions").asInt()).isPositive();
                assertThat(diff.path("diff").asString()).contains("+++ b/docs/iv-" + keyOf.get(id));

                JsonNode runs = workerRuns(api, id);
                assertThat(runs).hasSize(1);
                assertLogWellFormed(api, runs.get(0).path("id").asString());
                Path worktree = DATA_DIR.resolve("projects")
                        .resolve(projectId)
                        .resolve("worktrees")
                        .resolve(branch.replace('/', '_'));
                assertThat(worktree).isDirectory();

                ApiResponse mergedResponse = api.post("/api/subtasks/" + id + "/merge");
                if (mergedResponse.status() == 409) {
                    // worked side by side with a sibling merged first: both added to the changelog
                    assertThat(mergedResponse.errorMessage())
                            .contains("conflicts with main")
                            .contains("CHANGES.md");
                    ApiResponse resolving = api.post("/api/subtasks/" + id + "/resolve");
                    assertThat(resolving.status()).as("%s", resolving).isEqualTo(200);
                    awaitSubtask(
                            api,
                            id,
                            s -> s.path("status").asString().equals("COMPLETED")
                                    && s.path("merge_state").asString("").equals("clean"));
                    mergedResponse = api.post("/api/subtasks/" + id + "/merge");
                    resolved.add(id);
                }
                assertThat(mergedResponse.status()).as("%s", mergedResponse).isEqualTo(200);
                assertThat(GitFixtures.gitResult(origin, "merge-base", "--is-ancestor", branch, "main"))
                        .as("%s is on origin's main", branch)
                        .isZero();
                assertThat(worktree).as("worktree removed after merge").doesNotExist();
                merged.add(id);
            }
        }
        assertThat(task(api, taskId).path("status").asString()).isEqualTo("DONE");
        assertThat(resolved)
                .as("subtasks started side by side conflict in the changelog")
                .isNotEmpty();
        assertThat(GitFixtures.git(origin, "show", "main:CHANGES.md"))
                .as("the resolutions kept every subtask's line")
                .contains(keyOf.values().stream().map(key -> "- " + key + ": ").toList())
                .doesNotContain("<<<<<<<");
        assertStreamSawEverything(
                stream, taskId, plannerRuns.get(0).path("id").asString(), subtasks.size(), resolved.size());
        stream.close();
    }

    /** Everything the board needs arrived live over the stream, in order, with nothing polled. */
    @Test
    void onAutopilotTheDemoReachesDoneAndResolvesTheChangelogConflictOfSubtasksWorkedSideBySide() {
        Api api = newUser();
        Path origin = GitFixtures.repositoryWithCommit(tmp.resolve("origin-" + UUID.randomUUID()), "main");
        ApiResponse project = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}");
        assertThat(project.status()).as("%s", project).isEqualTo(201);
        ApiResponse created = api.post("/api/projects/" + project.id() + "/tasks", """
                {"title": "Add tags", "description": "- Store tags\\n- Filter by tag", "autopilot": true}""");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String taskId = created.id();

        awaitTask(api, taskId, "DONE");

        JsonNode subtasks = subtasks(api, taskId);
        String changelog = GitFixtures.git(origin, "show", "main:CHANGES.md");
        List<String> conflictRuns = new ArrayList<>();
        for (JsonNode subtask : subtasks) {
            String key = subtask.path("key").asString();
            assertThat(subtask.path("status").asString()).isEqualTo("MERGED");
            assertThat(changelog).as("main's changelog").contains("- " + key + ": ");
            workerRuns(api, subtask.path("id").asString()).forEach(run -> {
                if (run.path("reason").asString("").equals("conflict")) {
                    conflictRuns.add(key);
                }
            });
        }
        assertThat(changelog).doesNotContain("<<<<<<<").doesNotContain(">>>>>>>");
        assertThat(conflictRuns)
                .as("s2 and s3 start side by side from s1's work and both add to the changelog")
                .isNotEmpty();
    }

    private void assertStreamSawEverything(
            SseClient stream, String taskId, String plannerRun, int subtaskCount, int followUps) {
        int workerRuns = subtaskCount + followUps;
        stream.await(
                e -> e.type().equals("task:status_changed")
                        && e.json().path("new_status").asString().equals("DONE"),
                Duration.ofSeconds(30));
        List<String> taskStatuses = new ArrayList<>();
        stream.events("task:status_changed").forEach(e -> {
            assertThat(e.json().path("task_id").asString()).isEqualTo(taskId);
            taskStatuses.add(e.json().path("new_status").asString());
        });
        assertThat(taskStatuses).containsExactly("PLANNING", "ACTIVE", "DONE");
        assertThat(stream.events("agent:started")).hasSize(1 + workerRuns);
        assertThat(stream.events("agent:completed")).hasSize(1 + workerRuns);
        assertThat(stream.events("agent:completed"))
                .filteredOn(e -> !e.json().path("subtask_id").isNull())
                .allMatch(e -> e.json().path("pr_url").asString().startsWith("/projects/"));
        assertThat(stream.events("subtask:status_changed"))
                .filteredOn(e -> e.json().path("new_status").asString().equals("MERGED"))
                .hasSize(subtaskCount);
        assertThat(stream.events("subtask:unblocked")).isNotEmpty();
        List<Long> ids = stream.events().stream()
                .filter(e -> !e.type().equals("agent:log") && !e.type().equals("heartbeat") && e.id() != null)
                .map(SseClient.Event::idNumber)
                .toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        List<Integer> plannerLines = stream.events("agent:log").stream()
                .filter(e -> e.json().path("run_id").asString().equals(plannerRun))
                .map(e -> e.json().path("line_number").asInt())
                .toList();
        assertThat(plannerLines)
                .as("the planner's live lines, in order, once each")
                .isNotEmpty();
        assertThat(plannerLines).isSorted().doesNotHaveDuplicates();
    }

    private void assertLogWellFormed(Api api, String runId) {
        JsonNode log = api.get("/api/runs/" + runId + "/logs").json();
        assertThat(log.path("complete").asBoolean()).isTrue();
        List<String> lines = log.path("content").asString().lines().toList();
        assertThat(lines).hasSizeGreaterThan(3);
        assertThat(lines).allMatch(l -> l.matches("^\\[\\d{2}:\\d{2}:\\d{2}] .*"), "every line is stamped");
        assertThat(lines.getLast()).endsWith("=== Run Complete ===");
        Path logs = DATA_DIR.resolve("logs");
        assertThat(logs).isDirectory();
        assertThat(Files.exists(logs)).isTrue();
    }
}
