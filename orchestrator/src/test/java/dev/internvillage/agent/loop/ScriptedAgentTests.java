package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.runlog.LogWriteSignal;
import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Agents that misbehave on purpose (a shell script run by the {@code command} runtime, its scenario
 * named in the task's title): retries with backoff, exhaustion and retry, invalid plans, hangs,
 * noisy output, deletion of a running agent and the concurrency limit.
 */
class ScriptedAgentTests extends AgentTestBase {

    @Autowired
    private LogWriteSignal logActivity;

    private static final Path DATA_DIR = createDataDir();
    private static final int BACKOFF_BASE_MS = 300;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-scripted");
        Path scripts = AgentScripts.directoryWith("/agents/scripted-agent.sh");
        registry.add("AGENT_RUNTIME", () -> "command");
        registry.add("AGENT_EXTRA_PATH", scripts::toString);
        registry.add("AGENT_COMMAND", () -> "sh " + scripts.resolve("scripted-agent.sh"));
        registry.add("AGENT_MAX_RETRIES", () -> "3");
        registry.add("AGENT_BACKOFF_BASE_MS", () -> Integer.toString(BACKOFF_BASE_MS));
        registry.add("AGENT_BACKOFF_MAX_MS", () -> "1000");
        registry.add("AGENT_RUN_TIMEOUT_S", () -> "3");
        registry.add("AGENT_KILL_GRACE_MS", () -> "500");
        registry.add("AGENT_MAX_CONCURRENT", () -> "3");
    }

    @Test
    void aPlannerThatFailsTwiceSucceedsOnItsThirdAttemptAfterBackingOff() throws Exception {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "scenario:plan-fail-twice", "Plan it");

        awaitTask(api, taskId, "ACTIVE");
        JsonNode runs = plannerRuns(api, taskId);
        assertThat(runs).hasSize(3);
        assertThat(statuses(runs)).containsExactly("FAILED", "FAILED", "SUCCEEDED");
        assertThat(runs.get(0).path("error_message").asString())
                .contains("exited with status 3")
                .contains("boom on attempt 1");
        // backoff min(base·2^(n-1), max) plus jitter: at least 300 ms, then at least 600 ms
        assertThat(gap(runs.get(0), runs.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(BACKOFF_BASE_MS));
        assertThat(gap(runs.get(1), runs.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(2L * BACKOFF_BASE_MS));
        assertThat(prompt(api, runs.get(1)))
                .contains("The previous attempt failed")
                .contains("boom on attempt 1");
        assertThat(prompt(api, runs.get(0))).doesNotContain("The previous attempt failed");
        assertThat(subtasks(api, taskId)).hasSize(2);
    }

    @Test
    void aPlannerOutOfAttemptsFailsThePlanningAndRetryPlanningStartsAFreshLoop() {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "scenario:plan-always-fails", "Plan it");

        JsonNode failed = awaitTask(api, taskId, "PLANNING_FAILED");
        assertThat(failed.path("error_message").asString())
                .contains("gave up after 3 failed attempts")
                .contains("cannot plan this");
        assertThat(statuses(plannerRuns(api, taskId))).containsExactly("FAILED", "FAILED", "FAILED");

        ApiResponse retried = api.post("/api/tasks/" + taskId + "/retry-planning");
        assertThat(retried.status()).as("%s", retried).isEqualTo(200);
        awaitTask(api, taskId, "PLANNING_FAILED");
        JsonNode runs = plannerRuns(api, taskId);
        assertThat(runs).hasSize(6);
        assertThat(runs.get(5).path("attempt_number").asInt()).isEqualTo(6);
    }

    @Test
    void aPlanWithACycleOrAMissingDependencyFailsTheAttemptAndTheNextPromptNamesTheProblem() throws Exception {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "scenario:plan-invalid", "Plan it");

        awaitTask(api, taskId, "ACTIVE");
        JsonNode runs = plannerRuns(api, taskId);
        assertThat(statuses(runs)).containsExactly("FAILED", "FAILED", "SUCCEEDED");
        String cycle = runs.get(0).path("error_message").asString();
        String missing = runs.get(1).path("error_message").asString();
        assertThat(cycle).contains("the plan is invalid").contains("cycle");
        assertThat(missing).contains("the plan is invalid").contains("s9");
        assertThat(prompt(api, runs.get(1))).contains(cycle);
        assertThat(prompt(api, runs.get(2))).contains(missing);
        assertThat(subtasks(api, taskId)).hasSize(2);
    }

    @Test
    void aWorkerOutOfAttemptsBlocksTheSubtaskAndRetryRunsItAgain() throws Exception {
        Api api = newUser();
        String projectId = createProject(api);
        String taskId = createTask(api, projectId, "scenario:work-fail-until-allowed", "Work on it");
        awaitTask(api, taskId, "ACTIVE");
        String s1 = subtasks(api, taskId).get(0).path("id").asString();

        assertThat(api.post("/api/subtasks/" + s1 + "/start").status()).isEqualTo(200);
        JsonNode blocked = awaitSubtask(api, s1, status("BLOCKED"));
        assertThat(blocked.path("blocked_reason").asString()).isEqualTo("FAILURE");
        assertThat(blocked.path("retry_count").asInt()).isEqualTo(3);
        JsonNode runs = workerRuns(api, s1);
        assertThat(statuses(runs)).containsExactly("FAILED", "FAILED", "FAILED");
        assertThat(runs.get(2).path("error_message").asString()).contains("not allowed yet");
        // the command runtime cannot resume a session: every follow-up starts a fresh one and says so
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.path("runtime").asString()).isEqualTo("command");
            assertThat(run.path("resumed_session_id").isNull()).isTrue();
            assertThat(run.path("model").isNull()).isTrue();
            assertThat(run.path("cost_usd").isNull()).isTrue();
        });
        assertThat(api.get("/api/runs/" + runs.get(1).path("id").asString() + "/logs")
                        .json()
                        .path("content")
                        .asString())
                .contains("Fresh session: the command runtime cannot resume a session");

        Files.createFile(DATA_DIR.resolve("logs")
                .resolve(projectId)
                .resolve(taskId)
                .resolve(s1)
                .resolve("agent-files")
                .resolve("allow-work"));
        ApiResponse retried = api.post("/api/subtasks/" + s1 + "/retry");
        assertThat(retried.status()).as("%s", retried).isEqualTo(200);
        assertThat(retried.json().path("retry_count").asInt()).isZero();
        JsonNode completed = awaitSubtask(api, s1, status("COMPLETED"));
        assertThat(completed.path("pr_number").asInt()).isEqualTo(1);
        assertThat(statuses(workerRuns(api, s1))).containsExactly("FAILED", "FAILED", "FAILED", "SUCCEEDED");
    }

    @Test
    void aWorkerThatExitsWithoutCommittingFails() {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "scenario:work-no-commit", "Work on it");
        awaitTask(api, taskId, "ACTIVE");
        String s1 = subtasks(api, taskId).get(0).path("id").asString();

        api.post("/api/subtasks/" + s1 + "/start");
        awaitSubtask(api, s1, status("BLOCKED"));
        assertThat(workerRuns(api, s1).get(0).path("error_message").asString()).contains("made no commit");
    }

    @Test
    void aHangingAgentIsKilledWithItsWholeProcessTreeAtTheTimeout() throws Exception {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "scenario:plan-hang", "Hang");
        JsonNode running = awaitRunningWithPids(api, taskId);
        List<Long> tree = AgentScripts.processesOf(running.path("id").asString());
        assertThat(tree).as("the agent and its child").hasSizeGreaterThanOrEqualTo(2);

        JsonNode first = await().atMost(AGENT_WAIT)
                .until(
                        () -> plannerRuns(api, taskId).get(0),
                        r -> r.path("status").asString().equals("FAILED"));
        assertThat(first.path("error_message").asString()).contains("did not finish within 3 s");
        assertThat(first.path("duration_ms").asLong()).isBetween(3_000L, 20_000L);
        for (long pid : tree) {
            assertThat(isRunning(pid))
                    .as("process %d of the hung agent's tree is gone (%s)", pid, procState(pid))
                    .isFalse();
        }
        assertThat(api.delete("/api/tasks/" + taskId).status()).isEqualTo(204);
    }

    @Test
    void fiveMegabytesOnOneLineAndBinaryGarbageLeaveAReadableLog() {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "scenario:plan-noisy", "Noise");

        awaitTask(api, taskId, "ACTIVE");
        String runId = plannerRuns(api, taskId).get(0).path("id").asString();
        JsonNode page =
                api.get("/api/runs/" + runId + "/logs?from_line=1&limit=10000").json();
        List<String> lines = new ArrayList<>();
        page.path("lines").forEach(l -> lines.add(l.path("line").asString()));
        String longLine =
                lines.stream().filter(l -> l.contains("xxxxxxxxxx")).findFirst().orElseThrow();
        assertThat(longLine).contains("[line truncated: ");
        assertThat(longLine.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .as("the written line, stamp and marker included, fits LOG_TAIL_MAX_LINE_BYTES, so no second cut")
                .isLessThanOrEqualTo(1_048_576);
        assertThat(longLine).doesNotContain("[truncated: line of");
        assertThat(lines).anyMatch(l -> l.contains("after the noise"));
        assertThat(lines).anyMatch(l -> l.contains("[STDERR] bad utf-8: \uFFFD\uFFFD done"));
        assertThat(lines).allMatch(l -> l.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != 0x1b));
        assertThat(page.path("complete").asBoolean()).isTrue();
    }

    @Test
    void deletingATaskKillsItsRunningAgent() throws Exception {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "scenario:plan-slow", "Slow");
        JsonNode running = awaitRunningWithPids(api, taskId);
        List<Long> pids = AgentScripts.processesOf(running.path("id").asString());
        assertThat(pids).isNotEmpty();

        assertThat(api.delete("/api/tasks/" + taskId).status()).isEqualTo(204);

        for (long pid : pids) {
            assertThat(isRunning(pid))
                    .as("the agent process %d is gone when the delete returns (%s)", pid, procState(pid))
                    .isFalse();
        }
        assertThat(api.get("/api/tasks/" + taskId).status()).isEqualTo(404);
    }

    @Test
    void deletingAProjectKillsItsRunningAgents() throws Exception {
        Api api = newUser();
        String projectId = createProject(api);
        String taskId = createTask(api, projectId, "scenario:plan-slow", "Slow");
        JsonNode running = awaitRunningWithPids(api, taskId);
        List<Long> pids = AgentScripts.processesOf(running.path("id").asString());
        assertThat(pids).isNotEmpty();

        assertThat(api.delete("/api/projects/" + projectId).status()).isEqualTo(204);

        for (long pid : pids) {
            assertThat(isRunning(pid))
                    .as("agent process %d is gone (%s)", pid, procState(pid))
                    .isFalse();
        }
        assertThat(DATA_DIR.resolve("projects").resolve(projectId)).doesNotExist();
    }

    @Test
    void stoppingARunningWorkerKillsItAndBlocksTheSubtaskUntilRetried() throws Exception {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "scenario:work-slow", "Work slowly");
        awaitTask(api, taskId, "ACTIVE");
        String s1 = subtasks(api, taskId).get(0).path("id").asString();
        assertThat(api.post("/api/subtasks/" + s1 + "/start").status()).isEqualTo(200);
        JsonNode running = await().atMost(AGENT_WAIT)
                .until(
                        () -> workerRuns(api, s1).get(0),
                        r -> r.path("status").asString().equals("RUNNING")
                                && Files.exists(agentFile(r, ".result.json.pids")));
        String runId = running.path("id").asString();
        List<Long> pids = AgentScripts.processesOf(runId);
        assertThat(pids).isNotEmpty();
        assertThat(newUser().post("/api/runs/" + runId + "/cancel").status()).isEqualTo(404);
        assertThat(api.post("/api/runs/" + java.util.UUID.randomUUID() + "/cancel")
                        .status())
                .isEqualTo(404);

        ApiResponse stopped = api.post("/api/runs/" + runId + "/cancel");

        assertThat(stopped.status()).as("%s", stopped).isEqualTo(200);
        assertThat(stopped.json().path("status").asString()).isEqualTo("FAILED");
        assertThat(stopped.json().path("error_message").asString()).isEqualTo("stopped by you");
        for (long pid : pids) {
            assertThat(isRunning(pid))
                    .as("agent process %d is gone (%s)", pid, procState(pid))
                    .isFalse();
        }
        JsonNode blocked = subtask(api, s1);
        assertThat(blocked.path("status").asString()).isEqualTo("BLOCKED");
        assertThat(blocked.path("blocked_reason").asString()).isEqualTo("FAILURE");
        assertThat(blocked.path("retry_count").asInt())
                .as("a stop is no failed attempt")
                .isZero();
        assertThat(workerRuns(api, s1)).as("no retry follows a stop").hasSize(1);
        ApiResponse again = api.post("/api/runs/" + runId + "/cancel");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorMessage()).contains("already ended");

        assertThat(api.post("/api/subtasks/" + s1 + "/retry").status()).isEqualTo(200);
        String second = await().atMost(AGENT_WAIT)
                .until(() -> workerRuns(api, s1), runs -> runs.size() == 2)
                .get(1)
                .path("id")
                .asString();
        assertThat(api.post("/api/runs/" + second + "/cancel").status()).isEqualTo(200);
        assertThat(subtask(api, s1).path("blocked_reason").asString()).isEqualTo("FAILURE");
    }

    @Test
    void theSettingsSayHowManyAttemptsAnAgentGets() {
        ApiResponse settings = newUser().get("/api/settings");
        assertThat(settings.json().path("agents").path("max_retries").asInt()).isEqualTo(3);
    }

    @Test
    void stoppingAPlannerFailsThePlanningWithoutARetry() throws Exception {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "scenario:plan-slow", "Slow");
        String runId = awaitRunningWithPids(api, taskId).path("id").asString();

        assertThat(api.post("/api/runs/" + runId + "/cancel").status()).isEqualTo(200);

        JsonNode task = task(api, taskId);
        assertThat(task.path("status").asString()).isEqualTo("PLANNING_FAILED");
        assertThat(task.path("error_message").asString()).isEqualTo("stopped by you");
        JsonNode runs = plannerRuns(api, taskId);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("error_message").asString()).isEqualTo("stopped by you");
        assertThat(api.get("/api/runs/" + runId + "/logs")
                        .json()
                        .path("content")
                        .asString())
                .contains("Stopped by you");
    }

    @Test
    void stoppingAQueuedRunEndsItAndItsPlanning() {
        Api api = newUser();
        String projectId = createProject(api);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(createTask(api, projectId, "scenario:plan-slow " + i, "Slow"));
        }
        JsonNode queued = await().atMost(AGENT_WAIT)
                .until(
                        () -> tasks.stream()
                                .map(t -> plannerRuns(api, t).get(0))
                                .filter(r -> r.path("status").asString().equals("QUEUED"))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        String queuedTask = queued.path("task_id").asString();

        ApiResponse stopped = api.post("/api/runs/" + queued.path("id").asString() + "/cancel");

        assertThat(stopped.status()).as("%s", stopped).isEqualTo(200);
        assertThat(stopped.json().path("error_message").asString()).isEqualTo("stopped by you");
        assertThat(task(api, queuedTask).path("status").asString()).isEqualTo("PLANNING_FAILED");
        assertThat(plannerRuns(api, queuedTask)).hasSize(1);
        tasks.forEach(t -> assertThat(api.delete("/api/tasks/" + t).status()).isEqualTo(204));
    }

    @Test
    void atMostMaxConcurrentAgentsRunAndTheRestWaitVisiblyQueued() {
        Api api = newUser();
        String projectId = createProject(api);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(createTask(api, projectId, "scenario:plan-slow " + i, "Slow"));
        }
        await().atMost(AGENT_WAIT).untilAsserted(() -> {
            List<String> states = tasks.stream()
                    .map(t -> plannerRuns(api, t).get(0).path("status").asString())
                    .toList();
            assertThat(states).filteredOn("RUNNING"::equals).hasSize(3);
            assertThat(states).filteredOn("QUEUED"::equals).hasSize(1);
        });
        tasks.forEach(t -> assertThat(api.delete("/api/tasks/" + t).status()).isEqualTo(204));
    }

    static boolean isRunning(long pid) {
        return AgentScripts.isRunning(pid);
    }

    private static String procState(long pid) {
        return AgentScripts.procState(pid);
    }

    @Test
    void theDiffNeedsABranchIsOwnerOnlyAndACleanUpWaitsForRunningAgents() {
        Api api = newUser();
        String projectId = createProject(api);
        String taskId = createTask(api, projectId, "plain", "Work on it");
        awaitTask(api, taskId, "ACTIVE");
        String s1 = subtasks(api, taskId).get(0).path("id").asString();

        ApiResponse early = api.get("/api/subtasks/" + s1 + "/diff");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.errorMessage()).contains("has no branch yet");
        assertThat(newUser().get("/api/subtasks/" + s1 + "/diff").status()).isEqualTo(404);

        String slow = createTask(api, projectId, "scenario:plan-slow", "Slow");
        await().atMost(AGENT_WAIT)
                .until(() -> plannerRuns(api, slow).get(0).path("status").asString(), "RUNNING"::equals);
        ApiResponse refused = api.post("/api/projects/" + projectId + "/cleanup");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorMessage()).contains("agents are working in this project");
        assertThat(DATA_DIR.resolve("projects").resolve(projectId).resolve("repo"))
                .isDirectory();

        assertThat(api.delete("/api/tasks/" + slow).status()).isEqualTo(204);
        assertThat(api.post("/api/projects/" + projectId + "/cleanup").status()).isEqualTo(204);
        assertThat(DATA_DIR.resolve("projects").resolve(projectId).resolve("repo"))
                .doesNotExist();
        api.post("/api/subtasks/" + s1 + "/start");
        JsonNode completed = awaitSubtask(api, s1, status("COMPLETED"));
        assertThat(completed.path("branch_name").asString()).isNotBlank();
        assertThat(api.get("/api/subtasks/" + s1 + "/diff").json().path("files"))
                .isNotEmpty();
    }

    /** The task's first planner run once it runs and its agent has written its process ids. */
    private JsonNode awaitRunningWithPids(Api api, String taskId) {
        return await().atMost(AGENT_WAIT)
                .until(
                        () -> plannerRuns(api, taskId).get(0),
                        r -> r.path("status").asString().equals("RUNNING")
                                && Files.exists(agentFile(r, ".plan.json.pids")));
    }

    private static List<String> statuses(JsonNode runs) {
        List<String> statuses = new ArrayList<>();
        runs.forEach(r -> statuses.add(r.path("status").asString()));
        return statuses;
    }

    private static Duration gap(JsonNode earlier, JsonNode later) {
        return Duration.between(
                Instant.parse(earlier.path("ended_at").asString()),
                Instant.parse(later.path("started_at").asString()));
    }

    /** A file beside the run's log, found through the run's task and attempt. */
    private static Path besideLog(JsonNode run, String suffix) {
        try (var files = Files.walk(DATA_DIR.resolve("logs"))) {
            String task = run.path("task_id").asString();
            String owner = run.path("subtask_id").isNull()
                    ? "task"
                    : run.path("subtask_id").asString();
            String name = "run-%03d%s".formatted(run.path("attempt_number").asInt(), suffix);
            return files.filter(p -> p.getFileName().toString().equals(name))
                    .filter(p -> p.getParent().getFileName().toString().equals(owner))
                    .filter(p ->
                            p.getParent().getParent().getFileName().toString().equals(task))
                    .findFirst()
                    .orElse(DATA_DIR.resolve("missing-" + name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A file in the directory the agent writes its plan or result into. */
    private static Path agentFile(JsonNode run, String suffix) {
        Path prompt = besideLog(run, ".prompt.md");
        return prompt.resolveSibling("agent-files")
                .resolve("run-%03d%s".formatted(run.path("attempt_number").asInt(), suffix));
    }

    private static String prompt(Api api, JsonNode run) throws Exception {
        return Files.readString(besideLog(run, ".prompt.md"));
    }
}
