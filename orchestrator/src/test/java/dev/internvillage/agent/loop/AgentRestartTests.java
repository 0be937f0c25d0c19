package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.AppInstances;
import dev.internvillage.testing.DatabaseAvailable;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A crash mid-run: the app runs in a real second JVM, is killed with SIGKILL while its planner
 * works, and a fresh app on the same data directory and database marks the run failed ("orchestrator
 * restart"), ends the agent the dead app left behind, and resumes the loop to success.
 */
@Tag("database")
@ExtendWith(DatabaseAvailable.class)
class AgentRestartTests {

    @TempDir
    Path dataDir;

    @TempDir
    Path repos;

    private final List<Process> jvms = new ArrayList<>();

    @AfterEach
    void killLeftoverJvms() {
        jvms.forEach(Process::destroyForcibly);
    }

    /**
     * In the sandbox the agent dies with the killed app ({@code bwrap --die-with-parent}); without it
     * the agent outlives the app in a session of its own, and the restart ends it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bwrap", "none"})
    void aRunInterruptedByACrashIsMarkedFailedAndItsLoopResumesAfterTheRestart(String sandbox) throws Exception {
        Map<String, String> settings = settings();
        settings.put("AGENT_SANDBOX", sandbox);
        int port = AppInstances.freePort();
        Process firstApp = AppInstances.startJvm(settings, port, dataDir.resolve("first-app.log"));
        jvms.add(firstApp);
        Api api = new Api("http://127.0.0.1:" + port, null);
        await().atMost(Duration.ofMinutes(2)).until(() -> AppInstances.isUp(firstApp, api));

        Path origin = GitFixtures.repositoryWithCommit(repos.resolve("origin"), "main");
        String projectId = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}")
                .id();
        String taskId = api.post(
                        "/api/projects/" + projectId + "/tasks",
                        "{\"title\":\"scenario:plan-slow-first\",\"description\":\"d\"}")
                .id();
        Path pidFile = agentFiles(projectId, taskId).resolve("run-001.plan.json.pids");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        String runId = api.get("/api/tasks/" + taskId + "/runs")
                .json()
                .get(0)
                .path("id")
                .asString();
        List<Long> agent = AgentScripts.processesOf(runId);
        assertThat(agent).isNotEmpty();

        firstApp.destroyForcibly().waitFor();
        if (sandbox.equals("bwrap")) {
            await("the sandboxed agent dies with the killed app")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> agent.stream().noneMatch(ScriptedAgentTests::isRunning));
        } else {
            assertThat(agent)
                    .as("the agent outlives the killed app: it runs in a session of its own")
                    .anyMatch(ScriptedAgentTests::isRunning);
        }

        try (ConfigurableApplicationContext secondApp = AppInstances.startInProcess(settings)) {
            Api restarted = AppInstances.api(secondApp);
            // SIGKILL is delivered asynchronously: the agent is gone moments after start-up, not at once
            await("the restart ended the agent the dead app left behind")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> agent.stream().noneMatch(ScriptedAgentTests::isRunning));
            JsonNode task = await().atMost(Duration.ofMinutes(1))
                    .failFast(
                            "the task vanished; first app's log:\n" + firstAppLog(),
                            () -> restarted.get("/api/tasks/" + taskId).status() == 404)
                    .until(
                            () -> restarted.get("/api/tasks/" + taskId).json(),
                            t -> t.path("status").asString().equals("ACTIVE"));
            assertThat(task.path("status").asString()).isEqualTo("ACTIVE");
            JsonNode runs = restarted.get("/api/tasks/" + taskId + "/runs").json();
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0).path("status").asString()).isEqualTo("FAILED");
            assertThat(runs.get(0).path("error_message").asString()).isEqualTo("orchestrator restart");
            assertThat(runs.get(1).path("status").asString()).isEqualTo("SUCCEEDED");
            String firstLog = restarted
                    .get("/api/runs/" + runs.get(0).path("id").asString() + "/logs")
                    .json()
                    .path("content")
                    .asString();
            assertThat(firstLog)
                    .contains("thinking quietly")
                    .contains("orchestrator restarted")
                    .endsWith("=== Run Complete ===");
            ApiResponse subtasks = restarted.get("/api/tasks/" + taskId + "/subtasks");
            assertThat(subtasks.json()).hasSize(2);
        }
    }

    @Test
    void aGracefulShutdownEndsTheAgentAndTheNextStartResumesWithoutCountingTheAttempt() throws Exception {
        Map<String, String> settings = settings();
        Path origin = GitFixtures.repositoryWithCommit(repos.resolve("origin"), "main");
        String taskId;
        List<Long> agent;
        try (ConfigurableApplicationContext app = AppInstances.startInProcess(settings)) {
            Api api = AppInstances.api(app);
            String projectId = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}")
                    .id();
            taskId = api.post(
                            "/api/projects/" + projectId + "/tasks",
                            "{\"title\":\"scenario:plan-slow-first\",\"description\":\"d\"}")
                    .id();
            Path pidFile = agentFiles(projectId, taskId).resolve("run-001.plan.json.pids");
            await().atMost(Duration.ofMinutes(1))
                    .until(() ->
                            Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
            agent = AgentScripts.processesOf(api.get("/api/tasks/" + taskId + "/runs")
                    .json()
                    .get(0)
                    .path("id")
                    .asString());
            assertThat(agent).isNotEmpty();
        }
        assertThat(agent).as("shutdown ended the agent").noneMatch(ScriptedAgentTests::isRunning);

        try (ConfigurableApplicationContext app = AppInstances.startInProcess(settings)) {
            Api api = AppInstances.api(app);
            await().atMost(Duration.ofMinutes(1))
                    .until(
                            () -> api.get("/api/tasks/" + taskId)
                                    .json()
                                    .path("status")
                                    .asString(),
                            "ACTIVE"::equals);
            JsonNode runs = api.get("/api/tasks/" + taskId + "/runs").json();
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0).path("error_message").asString()).isEqualTo("orchestrator shutdown");
            String secondPrompt = Files.readString(dataDir.resolve("logs")
                    .resolve(projectOf(api, taskId))
                    .resolve(taskId)
                    .resolve("task")
                    .resolve("run-002.prompt.md"));
            assertThat(secondPrompt)
                    .as("a shutdown is not the agent's failure: no attempt counted, nothing to fix")
                    .doesNotContain("The previous attempt failed");
        }
    }

    private static String projectOf(Api api, String taskId) {
        return api.get("/api/tasks/" + taskId).json().path("project_id").asString();
    }

    /** The directory the planner writes its plan (and the scripted agent its process ids) into. */
    private Path agentFiles(String projectId, String taskId) {
        return dataDir.resolve("logs")
                .resolve(projectId)
                .resolve(taskId)
                .resolve("task")
                .resolve("agent-files");
    }

    private Map<String, String> settings() {
        Path scripts = AgentScripts.directoryWith("/agents/scripted-agent.sh");
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("DATA_DIR", dataDir.toString());
        settings.put("AGENT_RUNTIME", "command");
        settings.put("AGENT_EXTRA_PATH", scripts.toString());
        settings.put("AGENT_COMMAND", "sh " + scripts.resolve("scripted-agent.sh"));
        settings.put("AGENT_BACKOFF_BASE_MS", "100");
        if (TestDatabase.isPostgres()) {
            settings.put("DATABASE_URL", TestDatabase.postgresDatabaseUrl("agents-restart-" + dataDir.getFileName()));
        }
        return settings;
    }

    private String firstAppLog() throws IOException {
        Path log = dataDir.resolve("first-app.log");
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
