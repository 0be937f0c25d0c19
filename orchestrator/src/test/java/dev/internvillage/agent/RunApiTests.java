package dev.internvillage.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.task.PlanImporter;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.Plans;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class RunApiTests extends ApiTestBase {

    @Autowired
    RunService runs;

    @Autowired
    PlanImporter plans;

    private Api api;
    private TaskId task;
    private Subtask subtask;

    @BeforeEach
    void board() {
        api = newUser();
        task = new TaskId(UUID.fromString(createTask(api, createProject(api))));
        subtask = plans.importPlan(task, Plans.plan().subtask("s1").build()).getFirst();
    }

    private AgentRun runWithLog(byte[] log) throws Exception {
        AgentRun run = runs.recordStarted(task, subtask.id(), 1, "the prompt");
        Path file = runs.logFile(run);
        Files.createDirectories(file.getParent());
        Files.write(file, log);
        return run;
    }

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void runListsAreEmptyBeforeAnyAgentRan() {
        assertThat(api.get("/api/tasks/" + task + "/runs").json().isEmpty()).isTrue();
        assertThat(api.get("/api/subtasks/" + subtask.id() + "/runs").json().isEmpty())
                .isTrue();
    }

    @Test
    void listsPlannerAndWorkerRunsSeparately() {
        AgentRun planner = runs.recordStarted(task, null, 1, "plan it");
        AgentRun worker = runs.recordStarted(task, subtask.id(), 1, "do it");
        runs.recordFinished(worker.id(), RunStatus.FAILED, 1200, "exit 1");

        JsonNode plannerRuns = api.get("/api/tasks/" + task + "/runs").json();
        JsonNode workerRuns = api.get("/api/subtasks/" + subtask.id() + "/runs").json();

        assertThat(plannerRuns.valueStream().map(r -> r.path("id").asString()))
                .containsExactly(planner.id().toString());
        assertThat(plannerRuns.get(0).path("agent_type").asString()).isEqualTo("PLANNER");
        assertThat(plannerRuns.get(0).path("status").asString()).isEqualTo("RUNNING");
        assertThat(plannerRuns.get(0).path("subtask_id").isNull()).isTrue();
        JsonNode failed = workerRuns.get(0);
        assertThat(failed.path("agent_type").asString()).isEqualTo("WORKER");
        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("attempt_number").asInt()).isEqualTo(1);
        assertThat(failed.path("token_usage").asLong()).isEqualTo(1200);
        assertThat(failed.path("error_message").asString()).isEqualTo("exit 1");
        assertThat(failed.path("duration_ms").isNumber()).isTrue();
        assertThat(failed.path("ended_at").asString()).isNotBlank();
        assertThat(failed.has("prompt")).as("the prompt stays on the server").isFalse();
        assertThat(failed.has("log_path"))
                .as("the log path stays on the server")
                .isFalse();
        assertThat(api.get("/api/subtasks/" + subtask.id())
                        .json()
                        .path("token_usage")
                        .asLong())
                .as("tokens are summed onto the subtask")
                .isEqualTo(1200);
    }

    @Test
    void aFailureMessageNamesNoPathOfTheServersFiles() throws Exception {
        AgentRun worker = runs.recordStarted(task, subtask.id(), 1, "do it");
        Path log = runs.logFile(worker);
        runs.recordFinished(
                worker.id(), RunStatus.FAILED, 0, "could not write the run's files: " + log + ": No space left");

        String message = api.get("/api/subtasks/" + subtask.id() + "/runs")
                .json()
                .get(0)
                .path("error_message")
                .asString();

        assertThat(message)
                .isEqualTo("could not write the run's files: [data directory]: No space left")
                .doesNotContain(dataDir().toString())
                .doesNotContain(dataDir().toRealPath().toString());
    }

    @Test
    void returnsTheWholeLog() throws Exception {
        AgentRun run =
                runWithLog(lines("[10:00:01] Reading the code", "[10:00:02] [STDERR] warning", "=== Run Complete ==="));

        ApiResponse logs = api.get("/api/runs/" + run.id() + "/logs");

        assertThat(logs.status()).isEqualTo(200);
        assertThat(logs.json().path("content").asString())
                .isEqualTo("[10:00:01] Reading the code\n[10:00:02] [STDERR] warning\n=== Run Complete ===");
        assertThat(logs.json().path("line_count").asInt()).isEqualTo(3);
        assertThat(logs.json().path("complete").asBoolean()).isTrue();
        assertThat(logs.json().path("truncated").asBoolean()).isFalse();
    }

    @Test
    void aHugeLogIsCutOffAtWholeLinesAndMarkedTruncated() throws Exception {
        String line = "[10:00:00] " + "x".repeat(989);
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 9_000; i++) {
            log.append(line).append('\n');
        }
        AgentRun run = runWithLog(log.toString().getBytes(StandardCharsets.UTF_8));

        JsonNode content = api.get("/api/runs/" + run.id() + "/logs").json();

        assertThat(content.path("truncated").asBoolean()).isTrue();
        assertThat(content.path("line_count").asInt()).isEqualTo(9_000);
        String text = content.path("content").asString();
        assertThat(text.length()).isLessThanOrEqualTo(RunService.MAX_CONTENT_CHARS);
        assertThat(text.split("\n", -1))
                .hasSize(RunService.MAX_CONTENT_CHARS / 1001)
                .allMatch(line::equals);
    }

    @Test
    void pagesThroughNumberedLines() throws Exception {
        AgentRun run = runWithLog(lines("[10:00:01] one", "two", "[10:00:03] three", "[10:00:04] four"));

        JsonNode first =
                api.get("/api/runs/" + run.id() + "/logs?from_line=1&limit=2").json();
        JsonNode rest =
                api.get("/api/runs/" + run.id() + "/logs?from_line=3&limit=10").json();
        JsonNode past = api.get("/api/runs/" + run.id() + "/logs?from_line=9").json();

        assertThat(first.path("lines")
                        .valueStream()
                        .map(l -> l.path("line_number").asInt()))
                .containsExactly(1, 2);
        assertThat(first.path("lines").get(0).path("line").asString()).isEqualTo("[10:00:01] one");
        assertThat(first.path("lines").get(0).path("timestamp").asString()).isEqualTo("10:00:01");
        assertThat(first.path("lines").get(1).path("timestamp").isNull()).isTrue();
        assertThat(first.path("next_line").asInt()).isEqualTo(3);
        assertThat(first.path("complete").asBoolean()).isFalse();
        assertThat(first.path("line_count").asInt()).as("the log's length").isEqualTo(4);
        assertThat(rest.path("lines").valueStream().map(l -> l.path("line").asString()))
                .containsExactly("[10:00:03] three", "[10:00:04] four");
        assertThat(rest.path("next_line").asInt()).isEqualTo(5);
        assertThat(rest.path("complete").asBoolean())
                .as("still running, no sentinel")
                .isFalse();
        assertThat(past.path("lines").isEmpty()).isTrue();
        assertThat(past.path("next_line").asInt()).isEqualTo(9);
    }

    @Test
    void aFinishedRunIsCompleteEvenWithoutTheSentinel() throws Exception {
        AgentRun run = runWithLog(lines("[10:00:01] killed"));
        runs.recordFinished(run.id(), RunStatus.FAILED, 0, "timeout");

        JsonNode page = api.get("/api/runs/" + run.id() + "/logs?from_line=1").json();

        assertThat(page.path("complete").asBoolean()).isTrue();
        assertThat(page.path("next_line").asInt()).isEqualTo(2);
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.write(lines("[10:00:01] before"));
        log.write(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'});
        log.write(lines("[10:00:03] after"));
        AgentRun run = runWithLog(log.toByteArray());

        JsonNode page = api.get("/api/runs/" + run.id() + "/logs?from_line=1").json();

        assertThat(page.path("lines").valueStream().map(l -> l.path("line").asString()))
                .containsExactly("[10:00:01] before", "bad \uFFFD(\uFFFD", "[10:00:03] after");
    }

    @Test
    void aRunWithoutALogFileYetHasAnEmptyLog() {
        AgentRun run = runs.recordStarted(task, subtask.id(), 2, "p");

        JsonNode content = api.get("/api/runs/" + run.id() + "/logs").json();

        assertThat(content.path("content").asString()).isEmpty();
        assertThat(content.path("line_count").asInt()).isZero();
        assertThat(content.path("complete").asBoolean()).isFalse();
    }

    @Test
    void rejectsBadPagingParameters() throws Exception {
        AgentRun run = runWithLog(lines("x"));
        String path = "/api/runs/" + run.id() + "/logs";

        for (String query : List.of("?from_line=0", "?limit=0", "?limit=10001", "?from_line=abc", "?limit=1.5")) {
            ApiResponse response = api.get(path + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("INVALID_REQUEST");
        }
        assertThat(api.get(path + "?from_line=abc").errorMessage()).isEqualTo("from_line must be a whole number");
    }

    @Test
    void anUnknownRunIsNotFound() {
        assertThat(api.get("/api/runs/" + UUID.randomUUID() + "/logs").status()).isEqualTo(404);
    }

    @Test
    void logsAreWrittenUnderTheDocumentedLayout() {
        AgentRun planner = runs.recordStarted(task, null, 3, "p");
        AgentRun worker = runs.recordStarted(task, subtask.id(), 12, "p");
        String project = api.get("/api/tasks/" + task).json().path("project_id").asString();

        assertThat(runs.logFile(planner))
                .isEqualTo(dataDir()
                        .resolve("logs")
                        .resolve(project)
                        .resolve(task.toString())
                        .resolve("task/run-003.log"));
        assertThat(runs.logFile(worker))
                .isEqualTo(dataDir()
                        .resolve("logs")
                        .resolve(project)
                        .resolve(task.toString())
                        .resolve(subtask.id().toString())
                        .resolve("run-012.log"));
    }
}
