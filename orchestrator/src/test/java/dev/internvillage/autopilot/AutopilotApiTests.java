package dev.internvillage.autopilot;

import static dev.internvillage.testing.GitFixtures.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.task.TaskId;
import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Tasks on autopilot in local mode, with real git and real agent processes (the merge tests'
 * script): from creation to DONE without a user action, merges in dependency order, dependents
 * built on merged work, and conflicts resolved by a follow-up before the merge.
 */
class AutopilotApiTests extends AgentTestBase {

    private static final Path DATA_DIR = createDataDir();

    @Autowired
    Autopilot autopilot;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "autopilot");
        Path scripts = AgentScripts.directoryWith("/agents/merge-agent.sh");
        registry.add("AGENT_RUNTIME", () -> "command");
        registry.add("AGENT_EXTRA_PATH", scripts::toString);
        registry.add("AGENT_COMMAND", () -> "sh " + scripts.resolve("merge-agent.sh"));
        registry.add("AGENT_MAX_CONCURRENT", () -> "2");
        // long: only events may explain what the autopilot does in these tests
        registry.add("AUTOPILOT_INTERVAL_S", () -> "3600");
        registry.add("MERGE_CHECK_INTERVAL_S", () -> "3600");
    }

    private record Project(Api api, String id, Path origin) {}

    private Project project() {
        Api api = newUser();
        Path origin = GitFixtures.repositoryWithCommit(tmp.resolve("origin-" + UUID.randomUUID()), "main");
        ApiResponse created = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return new Project(api, created.id(), origin);
    }

    /** The project's event stream, once it said it is connected. */
    private SseClient connectedStream(Project project) {
        SseClient stream = SseClient.connect(
                baseUrl() + "/api/projects/" + project.id() + "/events",
                project.api().cookie(),
                null);
        stream.await("connected");
        return stream;
    }

    private String createTask(Project project, String scenario, String autopilot) {
        ApiResponse created = project.api()
                .post(
                        "/api/projects/" + project.id() + "/tasks",
                        "{\"title\":\"scenario:" + scenario + "\",\"description\":\"Work in steps\"" + autopilot + "}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.id();
    }

    private Map<String, JsonNode> byKey(Api api, String taskId) {
        Map<String, JsonNode> subtasks = new HashMap<>();
        subtasks(api, taskId).forEach(s -> subtasks.put(s.path("key").asString(), s));
        return subtasks;
    }

    private static boolean onMain(Path origin, String branch) {
        return GitFixtures.gitResult(origin, "merge-base", "--is-ancestor", branch, "main") == 0;
    }

    @Test
    void aDiamondOnAutopilotReachesDoneWithEveryBranchOnMainAndDependentsBuiltOnMergedWork() {
        Project project = project();
        String taskId = createTask(project, "diamond", ",\"autopilot\":true");
        assertThat(task(project.api(), taskId).path("autopilot").asBoolean()).isTrue();

        awaitTask(project.api(), taskId, "DONE");

        Map<String, JsonNode> subtasks = byKey(project.api(), taskId);
        for (String key : List.of("s1", "s2", "s3", "s4")) {
            JsonNode subtask = subtasks.get(key);
            assertThat(subtask.path("status").asString()).as(key).isEqualTo("MERGED");
            assertThat(onMain(project.origin(), subtask.path("branch_name").asString()))
                    .as("%s's commits are on main", key)
                    .isTrue();
            assertThat(project.origin().resolve(key + ".txt"))
                    .as("origin's checked-out main has %s's work", key)
                    .hasContent("work of " + key);
        }
        assertThat(git(project.origin(), "show", "main:seen-by-s2.txt").lines().toList())
                .as("s2's worktree held s1's work when its agent started")
                .contains("s1.txt");
        assertThat(git(project.origin(), "show", "main:seen-by-s4.txt").lines().toList())
                .as("s4's worktree held s2's and s3's work when its agent started")
                .contains("s1.txt", "s2.txt", "s3.txt", "seen-by-s2.txt", "seen-by-s3.txt");
        assertThat(git(project.origin(), "status", "--porcelain")).isBlank();
    }

    @Test
    void aConflictIsFlaggedBeforeAnyMergeOfItAndResolvedByAFollowUpThenMerged() {
        Project project = project();
        SseClient stream = connectedStream(project);
        String taskId = createTask(project, "conflict", ",\"autopilot\":true");

        awaitTask(project.api(), taskId, "DONE");

        assertThat(git(project.origin(), "show", "main:README.md").lines().toList())
                .as("main holds both changes of the same line")
                .contains("# edited by a", "# edited by b")
                .noneMatch(line -> line.startsWith("<<<<<<<") || line.startsWith(">>>>>>>"));
        Map<String, JsonNode> subtasks = byKey(project.api(), taskId);
        // the one that finished second conflicted with the first one's merge
        List<SseClient.Event> events = stream.events();
        SseClient.Event flagged = events.stream()
                .filter(e -> e.type().equals("subtask:merge_state_changed")
                        && e.json().path("merge_state").asString().equals("conflicted"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no conflict was flagged: " + events));
        String second = flagged.json().path("subtask_id").asString();
        assertThat(flagged.json().path("conflict_files").valueStream().map(JsonNode::asString))
                .containsExactly("README.md");
        SseClient.Event followUp = events.stream()
                .filter(e -> e.type().equals("agent:queued")
                        && e.json().path("subtask_id").asString().equals(second)
                        && e.json().path("reason").asString("").equals("conflict"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no conflict follow-up ran: " + events));
        SseClient.Event merged = events.stream()
                .filter(e -> e.type().equals("subtask:status_changed")
                        && e.json().path("subtask_id").asString().equals(second)
                        && e.json().path("new_status").asString().equals("MERGED"))
                .findFirst()
                .orElseThrow();
        assertThat(flagged.idNumber()).isLessThan(followUp.idNumber());
        assertThat(followUp.idNumber()).isLessThan(merged.idNumber());

        JsonNode runs = workerRuns(project.api(), second);
        JsonNode conflictRun = runs.valueStream()
                .filter(r -> r.path("reason").asString("").equals("conflict"))
                .findFirst()
                .orElseThrow();
        assertThat(promptOf(DATA_DIR, conflictRun))
                .contains("## Follow-up: conflict")
                .contains("- README.md")
                .contains("What main did since your branch left it")
                .contains("work of " + (subtasks.get("a").path("id").asString().equals(second) ? "b" : "a"));
        stream.close();
    }

    @Test
    void switchingAutopilotOnStartsTheReadySubtasksAndIsAnnouncedOnTheStream() {
        Project project = project();
        SseClient stream = connectedStream(project);
        String taskId = createTask(project, "pair", "");
        assertThat(task(project.api(), taskId).path("autopilot").asBoolean()).isFalse();
        awaitTask(project.api(), taskId, "ACTIVE");
        assertThat(byKey(project.api(), taskId).values())
                .as("nothing starts by itself without autopilot")
                .allMatch(s -> s.path("status").asString().equals("READY"));

        ApiResponse on = project.api().patch("/api/tasks/" + taskId, "{\"autopilot\":true}");
        assertThat(on.status()).as("%s", on).isEqualTo(200);
        assertThat(on.json().path("autopilot").asBoolean()).isTrue();
        // task:updated also tells of the cost after each run: the one that matters says autopilot
        SseClient.Event updated = stream.await(
                e -> e.type().equals("task:updated")
                        && e.json().path("task_id").asString().equals(taskId)
                        && e.json().path("autopilot").asBoolean(),
                Duration.ofSeconds(10));
        assertThat(updated.json().path("budget_reached").asBoolean()).isFalse();

        awaitTask(project.api(), taskId, "DONE");
        stream.close();
    }

    @Test
    void inAProjectThatRequiresApprovalTheAutopilotMergesOnlyApprovedWork() {
        Project project = project();
        ApiResponse settings = project.api().patch("/api/projects/" + project.id(), "{\"require_approval\":true}");
        assertThat(settings.status()).as("%s", settings).isEqualTo(200);
        assertThat(settings.json().path("require_approval").asBoolean()).isTrue();
        SseClient stream = connectedStream(project);
        String taskId = createTask(project, "pair", ",\"autopilot\":true");
        awaitTask(project.api(), taskId, "ACTIVE");
        Map<String, JsonNode> subtasks = byKey(project.api(), taskId);
        String a = subtasks.get("a").path("id").asString();
        String b = subtasks.get("b").path("id").asString();
        ApiResponse early = project.api().post("/api/subtasks/" + a + "/approve");
        assertThat(early.status()).as("only completed work: %s", early).isIn(409);

        awaitSubtask(project.api(), a, status("COMPLETED"));
        awaitSubtask(project.api(), b, status("COMPLETED"));
        ApiResponse approved = project.api().post("/api/subtasks/" + a + "/approve");
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);
        assertThat(approved.json().path("approved_at").isNull()).isFalse();
        awaitSubtask(project.api(), a, status("MERGED"));
        assertThat(task(project.api(), taskId).path("status").asString()).isEqualTo("ACTIVE");

        assertThat(project.api().post("/api/subtasks/" + b + "/approve").status())
                .isEqualTo(200);
        awaitTask(project.api(), taskId, "DONE");
        for (String id : List.of(a, b)) {
            SseClient.Event approval = stream.await(
                    e -> e.type().equals("subtask:approved")
                            && e.json().path("subtask_id").asString().equals(id),
                    Duration.ofSeconds(10));
            SseClient.Event merged = stream.await(
                    e -> e.type().equals("subtask:status_changed")
                            && e.json().path("subtask_id").asString().equals(id)
                            && e.json().path("new_status").asString().equals("MERGED"),
                    Duration.ofSeconds(10));
            assertThat(approval.idNumber()).as("merged only after its approval").isLessThan(merged.idNumber());
        }
        stream.close();
    }

    @Test
    void aTaskWhosePlanAwaitsApprovalIsLeftAloneUntilTheApprovalWakesTheAutopilot() {
        Project project = project();
        SseClient stream = connectedStream(project);
        String taskId = createTask(project, "pair", ",\"autopilot\":true,\"require_plan_approval\":true");
        awaitTask(project.api(), taskId, "ACTIVE");

        // one step of the autopilot on this thread, so what it left alone is known now
        autopilot.advance(new TaskId(UUID.fromString(taskId)));

        assertThat(byKey(project.api(), taskId).values())
                .as("nothing of an unapproved plan starts")
                .allMatch(s -> s.path("status").asString().equals("READY"));
        assertThat(stream.events("agent:queued"))
                .as("no worker was asked for")
                .noneMatch(e -> !e.json().path("subtask_id").isNull());

        ApiResponse approved = project.api().post("/api/tasks/" + taskId + "/approve-plan");
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);

        awaitTask(project.api(), taskId, "DONE");
        SseClient.Event approval = stream.await(
                e -> e.type().equals("task:updated")
                        && e.json().path("task_id").asString().equals(taskId),
                Duration.ofSeconds(10));
        SseClient.Event firstWorker = stream.await(
                e -> e.type().equals("agent:queued")
                        && !e.json().path("subtask_id").isNull(),
                Duration.ofSeconds(10));
        assertThat(approval.idNumber()).as("work started after the approval").isLessThan(firstWorker.idNumber());
        stream.close();
    }

    @Test
    void badTaskUpdatesAreRefusedAndChangeNothing() {
        Project project = project();
        String taskId = createTask(project, "pair", "");
        for (String body : List.of(
                "{}",
                "{\"autopilot\":\"yes\"}",
                "{\"autopilot\":1}",
                "{\"autopilot\":null}",
                "{\"title\":\"x\"}",
                "[]")) {
            ApiResponse refused = project.api().patch("/api/tasks/" + taskId, body);
            assertThat(refused.status()).as("%s -> %s", body, refused).isEqualTo(400);
            assertThat(refused.errorMessage()).as(body).isNotBlank();
        }
        assertThat(task(project.api(), taskId).path("autopilot").asBoolean()).isFalse();
        ApiResponse badCreate = project.api()
                .post(
                        "/api/projects/" + project.id() + "/tasks",
                        "{\"title\":\"t\",\"description\":\"d\",\"autopilot\":\"true\"}");
        assertThat(badCreate.status()).as("%s", badCreate).isEqualTo(400);
        assertThat(newUser()
                        .patch("/api/tasks/" + taskId, "{\"autopilot\":true}")
                        .status())
                .as("another user's task")
                .isEqualTo(404);
    }

    @Test
    void newTasksTakeTheProjectsAutopilotDefault() {
        Project project = project();
        ApiResponse settings = project.api().patch("/api/projects/" + project.id(), "{\"autopilot_default\":true}");
        assertThat(settings.status()).as("%s", settings).isEqualTo(200);
        assertThat(settings.json().path("autopilot_default").asBoolean()).isTrue();
        assertThat(project.api()
                        .patch("/api/projects/" + project.id(), "{\"autopilot_default\":\"on\"}")
                        .status())
                .isEqualTo(400);

        String defaulted = createTask(project, "pair", "");
        String optedOut = createTask(project, "pair", ",\"autopilot\":false");

        assertThat(task(project.api(), defaulted).path("autopilot").asBoolean()).isTrue();
        assertThat(task(project.api(), optedOut).path("autopilot").asBoolean()).isFalse();
        awaitTask(project.api(), defaulted, "DONE");
        assertThat(byKey(project.api(), optedOut).values())
                .allMatch(s -> s.path("status").asString().equals("READY"));
    }
}
