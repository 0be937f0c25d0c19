package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Task budgets and a project's agent settings against a fake Claude Code that reports a cost for each
 * run ({@code costly-claude.sh}): the budget stops the task's running agent and starts nothing more
 * until it is raised; the agent gets the project's variables and secrets, its worktree is set up first,
 * and the secret shows up nowhere a user or an operator reads.
 */
@ExtendWith(OutputCaptureExtension.class)
class BudgetAndAgentSettingsTests extends AgentTestBase {

    private static final Path DATA_DIR = createDataDir();
    private static final Offset<Double> EXACT = Offset.offset(0.000001);

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-budget");
        registry.add("AGENT_RUNTIME", () -> "claude-code");
        registry.add("AGENT_SANDBOX", () -> "none");
        registry.add("AGENT_BACKOFF_BASE_MS", () -> "100");
        registry.add("AGENT_EXTRA_PATH", () -> fakeClaude().toString());
        // only events may explain what the autopilot does here
        registry.add("AUTOPILOT_INTERVAL_S", () -> "3600");
        registry.add("MERGE_CHECK_INTERVAL_S", () -> "3600");
    }

    private static Path fakeClaude() {
        try (InputStream in = Objects.requireNonNull(
                BudgetAndAgentSettingsTests.class.getResourceAsStream("/agents/costly-claude.sh"))) {
            return AgentScripts.directoryWith("claude", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTaskStopsAtItsBudgetAndRaisingItCarriesOnToDone() throws IOException {
        Api api = newUser();
        String projectId = createProject(api);
        Path release = tmp.resolve("release");
        settings(
                api,
                projectId,
                "{\"agent_settings\":{\"env\":{\"FAKE_RELEASE\":" + Api.quote(release.toString()) + "}}}");
        try (SseClient stream =
                SseClient.connect(baseUrl() + "/api/projects/" + projectId + "/events", api.cookie(), null)) {
            stream.await("connected");
            ApiResponse created = api.post(
                    "/api/projects/" + projectId + "/tasks",
                    "{\"title\":\"Two steps\",\"description\":\"d\",\"autopilot\":true,\"budget_usd\":0.03}");
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            assertThat(created.json().path("budget_usd").asDouble()).isCloseTo(0.03, EXACT);
            assertThat(created.json().path("budget_reached").asBoolean()).isFalse();
            String taskId = created.id();

            // the planner ($0.01) and the fast worker ($0.03) use up the budget while the slow one works
            JsonNode task = await().atMost(AGENT_WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> task(api, taskId),
                            t -> t.path("budget_reached").asBoolean());
            Map<String, String> ids = subtaskIds(api, taskId);
            JsonNode slow = awaitSubtask(api, ids.get("slow"), status("BLOCKED"));
            assertThat(slow.path("blocked_reason").asString()).isEqualTo("FAILURE");
            assertThat(slow.path("blocked_detail").asString())
                    .isEqualTo("budget reached; raise the task's budget to continue");
            JsonNode stopped = last(workerRuns(api, ids.get("slow")));
            assertThat(stopped.path("status").asString()).isEqualTo("FAILED");
            assertThat(stopped.path("error_message").asString()).isEqualTo("budget reached");
            assertThat(stopped.path("will_retry").asBoolean()).isFalse();
            assertThat(log(api, stopped)).contains("Stopped: the task's budget is reached");
            task = task(api, taskId);
            assertThat(task.path("cost_usd").asDouble()).isCloseTo(0.04, EXACT);
            assertThat(task.path("token_usage").asLong()).isEqualTo(2 * 120);

            // the stream said so: the run's end and the task's state, with its cost so far
            stream.await(
                    e -> e.type().equals("agent:failed")
                            && e.json()
                                    .path("run_id")
                                    .asString()
                                    .equals(stopped.path("id").asString())
                            && e.json().path("error_message").asString().equals("budget reached"),
                    Duration.ofSeconds(30));
            SseClient.Event updated = stream.await(
                    e -> e.type().equals("task:updated")
                            && e.json().path("budget_reached").asBoolean(),
                    Duration.ofSeconds(30));
            assertThat(updated.json().path("task_id").asString()).isEqualTo(taskId);
            assertThat(updated.json().path("budget_usd").asDouble()).isCloseTo(0.03, EXACT);
            assertThat(updated.json().path("cost_usd").asDouble()).isGreaterThanOrEqualTo(0.03);
            assertThat(updated.json().path("autopilot").asBoolean()).isTrue();

            // nothing starts while the budget is reached, and the inbox says why
            ApiResponse retry = api.post("/api/subtasks/" + ids.get("slow") + "/retry");
            assertThat(retry.status()).isEqualTo(409);
            assertThat(retry.errorMessage()).isEqualTo("budget reached; raise the budget to continue");
            assertThat(workerRuns(api, ids.get("slow"))).hasSize(1);
            JsonNode inbox = api.get("/api/needs-you").json().path("items");
            assertThat(inbox).anySatisfy(item -> {
                assertThat(item.path("kind").asString()).isEqualTo("BUDGET_REACHED");
                assertThat(item.path("task_id").asString()).isEqualTo(taskId);
                assertThat(item.path("detail").asString()).isEqualTo("budget reached: spent $0.04 of $0.03");
            });
            assertThat(inbox)
                    .noneSatisfy(item ->
                            assertThat(item.path("subtask_id").asString("")).isEqualTo(ids.get("slow")));

            // raising the budget carries on: the stopped subtask runs again, the autopilot merges both
            Files.writeString(release, "go");
            ApiResponse raised = api.patch("/api/tasks/" + taskId, "{\"budget_usd\":1}");
            assertThat(raised.status()).as("%s", raised).isEqualTo(200);
            assertThat(raised.json().path("budget_reached").asBoolean()).isFalse();
            stream.await(
                    e -> e.type().equals("task:updated")
                            && !e.json().path("budget_reached").asBoolean()
                            && e.json().path("budget_usd").asDouble() == 1.0,
                    Duration.ofSeconds(30));
            JsonNode done = awaitTask(api, taskId, "DONE");
            assertThat(done.path("cost_usd").asDouble()).isCloseTo(0.07, EXACT);
            assertThat(workerRuns(api, ids.get("slow"))).hasSize(2);
            assertThat(last(workerRuns(api, ids.get("slow"))).path("status").asString())
                    .isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void loweringTheBudgetBelowWhatWasSpentStopsTheRunningAgentAndRemovingItCarriesOn() throws IOException {
        Api api = newUser();
        String projectId = createProject(api);
        Path release = tmp.resolve("later");
        settings(
                api,
                projectId,
                "{\"agent_settings\":{\"env\":{\"FAKE_RELEASE\":" + Api.quote(release.toString()) + "}}}");
        String taskId = createTask(api, projectId, "No budget yet", "d");
        awaitTask(api, taskId, "ACTIVE");
        String slow = subtaskIds(api, taskId).get("slow");
        assertThat(api.post("/api/subtasks/" + slow + "/start").status()).isEqualTo(200);
        await().atMost(AGENT_WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> workerRuns(api, slow),
                        runs -> runs.size() == 1
                                && runs.get(0).path("status").asString().equals("RUNNING"));

        // the planner cost $0.01: a budget below that is reached at once and stops the worker
        ApiResponse lowered = api.patch("/api/tasks/" + taskId, "{\"budget_usd\":0.005}");
        assertThat(lowered.status()).as("%s", lowered).isEqualTo(200);
        assertThat(lowered.json().path("budget_reached").asBoolean()).isTrue();
        awaitSubtask(api, slow, status("BLOCKED"));
        assertThat(last(workerRuns(api, slow)).path("error_message").asString()).isEqualTo("budget reached");
        ApiResponse start = api.post("/api/tasks/" + taskId + "/start-ready");
        assertThat(start.status()).isEqualTo(409);

        Files.writeString(release, "go");
        ApiResponse removed = api.patch("/api/tasks/" + taskId, "{\"budget_usd\":null}");
        assertThat(removed.json().path("budget_reached").asBoolean()).isFalse();
        assertThat(removed.json().path("budget_usd").isNull()).isTrue();
        awaitSubtask(api, slow, status("COMPLETED"));
        assertThat(task(api, taskId).path("cost_usd").asDouble()).isCloseTo(0.04, EXACT);
    }

    @Test
    void theAgentGetsTheProjectsVariablesAndSecretsWhichShowUpNowhereElse(CapturedOutput output) throws IOException {
        Api api = newUser();
        String projectId = createProject(api);
        String secret = "s3cret-" + UUID.randomUUID();
        Path release = Files.writeString(tmp.resolve("released"), "go");
        ApiResponse patched = settings(api, projectId, """
                {"agent_settings": {
                  "runtime": "claude-code",
                  "worker": {"model": "claude-house-9"},
                  "env": {"PLAIN_SETTING": "plain value", "FAKE_RELEASE": %s},
                  "secret_env": {"API_TOKEN": %s},
                  "setup_command": "touch SETUP_RAN && echo setting up the worktree"
                }}""".formatted(Api.quote(release.toString()), Api.quote(secret)));
        assertThat(patched.json().path("agent_settings").path("secret_env").toString())
                .isEqualTo("[\"API_TOKEN\"]");
        assertThat(patched.json()
                        .path("agent_settings")
                        .path("worker")
                        .path("model")
                        .asString())
                .isEqualTo("claude-house-9");
        assertThat(patched.json().path("agent_settings").path("setup_command").asString())
                .isEqualTo("touch SETUP_RAN && echo setting up the worktree");

        String taskId = createTask(api, projectId, "Configured", "Uses the settings");
        awaitTask(api, taskId, "ACTIVE");
        String fast = subtaskIds(api, taskId).get("fast");
        assertThat(api.post("/api/subtasks/" + fast + "/start").status()).isEqualTo(200);
        awaitSubtask(api, fast, status("COMPLETED"));

        JsonNode planner = plannerRuns(api, taskId).get(0);
        JsonNode worker = last(workerRuns(api, fast));
        Map<String, String> workerEnv = agentEnv(worker);
        assertThat(workerEnv)
                .containsEntry("PLAIN_SETTING", "plain value")
                .containsEntry("API_TOKEN", secret)
                .containsEntry("IV_ROLE", "worker");
        assertThat(agentEnv(planner)).containsEntry("API_TOKEN", secret).containsEntry("IV_ROLE", "planner");
        String workerLog = log(api, worker);
        assertThat(workerLog)
                .contains("[orchestrator] Running the setup command: touch SETUP_RAN")
                .contains("[setup] setting up the worktree")
                .contains("The setup command succeeded")
                .contains("the setup command ran first");

        // the worker's model setting reached the CLI; the planner kept the server's (none)
        assertThat(arguments(worker)).contains("--model claude-house-9");
        assertThat(arguments(planner)).doesNotContain("--model");

        // a kept secret needs no value; one without a stored value does
        assertThat(settings(api, projectId, "{\"agent_settings\":{\"secret_env\":{\"API_TOKEN\":null}}}")
                        .json()
                        .path("agent_settings")
                        .path("secret_env")
                        .toString())
                .isEqualTo("[\"API_TOKEN\"]");
        ApiResponse missing =
                api.patch("/api/projects/" + projectId, "{\"agent_settings\":{\"secret_env\":{\"OTHER_TOKEN\":null}}}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorMessage()).contains("OTHER_TOKEN").contains("no stored value");

        // the secret is nowhere a user or an operator reads
        assertThat(api.get("/api/projects/" + projectId).body()).doesNotContain(secret);
        assertThat(api.get("/api/projects").body()).doesNotContain(secret);
        assertThat(api.get("/api/tasks/" + taskId + "/runs").body()).doesNotContain(secret);
        assertThat(api.get("/api/subtasks/" + fast + "/runs").body()).doesNotContain(secret);
        assertThat(workerLog).doesNotContain(secret);
        assertThat(log(api, planner)).doesNotContain(secret);
        assertThat(jdbc.sql("SELECT payload FROM project_events")
                        .query(String.class)
                        .list())
                .isNotEmpty()
                .noneMatch(payload -> payload.contains(secret));
        assertThat(jdbc.sql("SELECT payload FROM user_events")
                        .query(String.class)
                        .list())
                .noneMatch(payload -> payload.contains(secret));
        String stored = jdbc.sql("SELECT agent_secrets FROM projects WHERE id = :id")
                .param("id", UUID.fromString(projectId))
                .query(String.class)
                .single();
        assertThat(stored).startsWith("v1:").doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void aSecretTheAgentPrintsIsMaskedInItsLog() {
        Api api = newUser();
        String projectId = createProject(api);
        String secret = "printed-" + UUID.randomUUID();
        // the setup command's output goes into the run's log like the agent's
        settings(api, projectId, """
                {"agent_settings": {
                  "secret_env": {"API_TOKEN": %s},
                  "setup_command": "echo \\"the token is $API_TOKEN\\"; echo \\"$API_TOKEN\\" >&2"
                }}""".formatted(Api.quote(secret)));
        String taskId = createTask(api, projectId, "Printing", "Prints its secret");
        awaitTask(api, taskId, "ACTIVE");
        String fast = subtaskIds(api, taskId).get("fast");
        assertThat(api.post("/api/subtasks/" + fast + "/start").status()).isEqualTo(200);
        awaitSubtask(api, fast, status("COMPLETED"));

        String workerLog = log(api, last(workerRuns(api, fast)));
        assertThat(workerLog)
                .contains("[setup] the token is [secret]")
                .contains("[setup] [secret]")
                .doesNotContain(secret);
    }

    private ApiResponse settings(Api api, String projectId, String body) {
        ApiResponse response = api.patch("/api/projects/" + projectId, body);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response;
    }

    private Map<String, String> subtaskIds(Api api, String taskId) {
        Map<String, String> ids = new HashMap<>();
        subtasks(api, taskId)
                .forEach(s -> ids.put(s.path("key").asString(), s.path("id").asString()));
        return ids;
    }

    private static JsonNode last(JsonNode runs) {
        return runs.get(runs.size() - 1);
    }

    private String log(Api api, JsonNode run) {
        return api.get("/api/runs/" + run.path("id").asString() + "/logs")
                .json()
                .path("content")
                .asString();
    }

    /** The environment the fake copied beside the run's plan or result file. */
    private static Map<String, String> agentEnv(JsonNode run) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line :
                Files.readAllLines(agentFile(run, "agent-env-" + run.path("id").asString() + ".txt"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    /** The CLI's arguments, as the fake recorded them. */
    private static String arguments(JsonNode run) throws IOException {
        return Files.readString(agentFile(run, "arguments-" + run.path("id").asString() + ".txt"));
    }

    private static Path agentFile(JsonNode run, String name) throws IOException {
        try (Stream<Path> files = Files.walk(DATA_DIR.resolve("logs"))) {
            List<Path> found =
                    files.filter(p -> p.getFileName().toString().equals(name)).toList();
            assertThat(found).as("%s for %s", name, run).hasSize(1);
            return found.getFirst();
        }
    }
}
