package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.internvillage.cluster.InstanceId;
import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.AppInstances;
import dev.internvillage.testing.DatabaseAvailable;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the app on one PostgreSQL database, each with its own data directory and port: a
 * loop runs only on the instance holding its lease; an instance killed with SIGKILL loses its loops
 * to the other, which fails the interrupted run as "instance lost" and finishes the work; a graceful
 * shutdown hands its loops back before the lease would expire; a stop made on one instance reaches
 * the loop on the other. Attempts of one loop never overlap in time.
 */
@Tag("database")
@ExtendWith(DatabaseAvailable.class)
class LoopLeasesAcrossInstancesTests {

    @TempDir
    Path root;

    private final List<Process> jvms = new ArrayList<>();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private Path hold;
    private Path scripts;
    private String database;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(TestDatabase.isPostgres(), "instances share a PostgreSQL database");
        hold = root.resolve("hold");
        Files.writeString(hold, "agents wait while this file exists");
        // the planner (and a worker) hold while the file exists; the test decides when they finish
        scripts = AgentScripts.directoryWith("holding-agent.sh", """
                #!/bin/sh
                cat > /dev/null
                out="${IV_PLAN_FILE:-$IV_RESULT_FILE}"
                if [ -e '%1$s' ]; then
                  echo "$$" > "$out.pids"
                  echo "holding"
                  while [ -e '%1$s' ]; do sleep 0.1; done
                fi
                if [ "$IV_ROLE" = planner ]; then
                  printf '%%s' '{"spec": "One step", "subtasks": [{"key": "s1", "title": "Only step", "spec": "Do it", "implementation_plan": "", "depends_on": []}]}' > "$IV_PLAN_FILE"
                else
                  date +%%s%%N > work.txt
                  git add -A && git -c user.name=a -c user.email=a@localhost commit -q -m work
                  printf '{"status": "done", "summary": "done"}' > "$IV_RESULT_FILE"
                fi
                """.formatted(hold));
        database = TestDatabase.postgresDatabaseUrl("leases-" + UUID.randomUUID());
    }

    @AfterEach
    void stopEverything() {
        jvms.forEach(Process::destroyForcibly);
        apps.reversed().forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void theLoopOfAnInstanceKilledWithSigkillContinuesOnTheOther() throws Exception {
        long takeoverMillis = killTheHolderAndFinishElsewhere(4, false);
        System.out.printf("instance lost: run failed on the other instance %d ms after the SIGKILL%n", takeoverMillis);
    }

    /**
     * The holder's lease names another machine, so its death cannot be seen from here: the loop waits
     * until the lease has expired (a heartbeat at most before the kill, so most of the lease) and only
     * then continues on this instance.
     */
    @Test
    void theLoopOfAnInstanceOnAnotherMachineContinuesOnlyOnceItsLeaseHasExpired() throws Exception {
        long takeoverMillis = killTheHolderAndFinishElsewhere(8, true);
        assertThat(takeoverMillis)
                .as("the run is failed only after the lease expired, not when the process was found gone")
                .isGreaterThanOrEqualTo(4_000);
    }

    /** Kills the instance running the planner; returns how long until the other failed its run. */
    private long killTheHolderAndFinishElsewhere(int leaseSeconds, boolean holderOnAnotherMachine) throws Exception {
        int port = AppInstances.freePort();
        Process first = AppInstances.startJvm(settings("first", leaseSeconds), port, root.resolve("first-jvm.log"));
        jvms.add(first);
        Api onFirst = new Api("http://127.0.0.1:" + port, null);
        await().atMost(Duration.ofMinutes(2)).until(() -> AppInstances.isUp(first, onFirst));
        String taskId = createTask(onFirst);
        String runId = awaitHoldingRun(onFirst, taskId);
        List<Long> agent = AgentScripts.processesOf(runId);
        assertThat(agent).isNotEmpty();

        ConfigurableApplicationContext second = start(settings("second", leaseSeconds));
        Api onSecond = AppInstances.api(second);
        // the second start-up leaves the live first instance's run alone
        assertThat(run(onSecond, taskId, 0).path("status").asString()).isEqualTo("RUNNING");
        if (holderOnAnotherMachine) {
            // the heartbeat renews only the expiry: the lease keeps naming a scope no process here is in
            assertThat(second.getBean(JdbcClient.class)
                            .sql("UPDATE loop_leases SET process_scope = 'another-machine' WHERE instance_id <> :me")
                            .param("me", second.getBean(InstanceId.class).value())
                            .update())
                    .isEqualTo(1);
        }

        first.destroyForcibly().waitFor();
        long killed = System.nanoTime();
        await("the other instance fails the run of the killed one")
                .atMost(Duration.ofSeconds(30))
                .until(() -> run(onSecond, taskId, 0).path("status").asString(), "FAILED"::equals);
        long takeoverMillis = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        Files.delete(hold);

        JsonNode task = await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> onSecond.get("/api/tasks/" + taskId).json(),
                        t -> t.path("status").asString().equals("ACTIVE"));
        assertThat(task.path("status").asString()).isEqualTo("ACTIVE");
        JsonNode runs = onSecond.get("/api/tasks/" + taskId + "/runs").json();
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("status").asString()).isEqualTo("FAILED");
        assertThat(runs.get(0).path("error_message").asString()).isEqualTo("instance lost");
        assertThat(runs.get(1).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(instanceOf(second, runs.get(1)))
                .isEqualTo(second.getBean(InstanceId.class).value());
        assertThat(instanceOf(second, runs.get(0))).isNotEqualTo(instanceOf(second, runs.get(1)));
        await("the agent the killed instance left behind is ended")
                .atMost(Duration.ofSeconds(10))
                .until(() -> agent.stream().noneMatch(ScriptedAgentTests::isRunning));
        assertNoOverlap(second, taskId);
        return takeoverMillis;
    }

    @Test
    void aGracefulShutdownHandsTheLoopBackBeforeItsLeaseWouldExpire() throws Exception {
        ConfigurableApplicationContext first = start(settings("first", 30));
        ConfigurableApplicationContext second = start(settings("second", 30));
        Api onFirst = AppInstances.api(first);
        Api onSecond = AppInstances.api(second);
        String taskId = createTask(onFirst);
        awaitHoldingRun(onFirst, taskId);
        assertThat(instanceOf(second, run(onFirst, taskId, 0)))
                .isEqualTo(first.getBean(InstanceId.class).value());

        Files.delete(hold);
        first.close();
        long handedBack = System.nanoTime();

        await().atMost(Duration.ofSeconds(25))
                .until(
                        () -> onSecond.get("/api/tasks/" + taskId)
                                .json()
                                .path("status")
                                .asString(),
                        "ACTIVE"::equals);
        System.out.printf(
                "hand-back: the other instance finished the loop %d ms after the shutdown%n",
                Duration.ofNanos(System.nanoTime() - handedBack).toMillis());
        assertThat(Duration.ofNanos(System.nanoTime() - handedBack))
                .as("taken over at the other's next heartbeat, not after the 30 s lease")
                .isLessThan(Duration.ofSeconds(25));
        JsonNode runs = onSecond.get("/api/tasks/" + taskId + "/runs").json();
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("error_message").asString()).isEqualTo("orchestrator shutdown");
        assertThat(runs.get(1).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(instanceOf(second, runs.get(1)))
                .isEqualTo(second.getBean(InstanceId.class).value());
        assertNoOverlap(second, taskId);
    }

    @Test
    void aReArmAndAStopMadeOnOneInstanceReachTheLoopOnTheOther() throws Exception {
        ConfigurableApplicationContext first = start(settings("first", 4));
        ConfigurableApplicationContext second = start(settings("second", 4));
        Api onFirst = AppInstances.api(first);
        Api onSecond = AppInstances.api(second);
        String taskId = createTask(onFirst);
        String runId = awaitHoldingRun(onFirst, taskId);
        List<Long> agent = AgentScripts.processesOf(runId);

        // a re-arm on the instance without the loop goes to its holder instead of starting a second one
        second.getBean(AgentLoops.class).requestPlanning(new dev.internvillage.task.TaskId(UUID.fromString(taskId)));
        JdbcClient jdbc = second.getBean(JdbcClient.class);
        await("the holder took the re-arm")
                .atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM loop_commands")
                                .query(Long.class)
                                .single()
                        == 0);
        assertThat(onSecond.get("/api/tasks/" + taskId + "/runs").json()).hasSize(1);
        assertThat(jdbc.sql("SELECT instance_id FROM loop_leases")
                        .query(String.class)
                        .list())
                .containsExactly(first.getBean(InstanceId.class).value());

        var stopped = onSecond.post("/api/runs/" + runId + "/cancel");

        assertThat(stopped.status()).as("%s", stopped).isEqualTo(200);
        assertThat(stopped.json().path("status").asString()).isEqualTo("FAILED");
        assertThat(stopped.json().path("error_message").asString()).isEqualTo("stopped by you");
        assertThat(agent).as("the agent on the first instance is ended").noneMatch(ScriptedAgentTests::isRunning);
        assertThat(onSecond.get("/api/tasks/" + taskId).json().path("status").asString())
                .isEqualTo("PLANNING_FAILED");
        assertThat(onFirst.get("/api/tasks/" + taskId + "/runs").json()).hasSize(1);
    }

    @Test
    void aFollowUpOnTheOtherInstanceRecreatesTheWorktreeFromThePushedBranchAndSaysWhatIsLost() throws Exception {
        Files.delete(hold);
        ConfigurableApplicationContext first = start(settings("first", 4));
        ConfigurableApplicationContext second = start(settings("second", 4));
        Api onFirst = AppInstances.api(first);
        Api onSecond = AppInstances.api(second);
        String taskId = createTask(onFirst);
        await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> onFirst.get("/api/tasks/" + taskId)
                                .json()
                                .path("status")
                                .asString(),
                        "ACTIVE"::equals);
        String subtaskId = onFirst.get("/api/tasks/" + taskId + "/subtasks")
                .json()
                .get(0)
                .path("id")
                .asString();
        assertThat(onFirst.post("/api/subtasks/" + subtaskId + "/start").status())
                .isEqualTo(200);
        awaitSubtask(onFirst, subtaskId, "COMPLETED");

        var requested = onSecond.post("/api/subtasks/" + subtaskId + "/request-changes", "{\"comment\":\"More\"}");
        assertThat(requested.status()).as("%s", requested).isEqualTo(200);

        awaitSubtask(onSecond, subtaskId, "COMPLETED");
        JsonNode runs = onSecond.get("/api/subtasks/" + subtaskId + "/runs").json();
        assertThat(runs).hasSize(2);
        assertThat(instanceOf(second, runs.get(0)))
                .isEqualTo(first.getBean(InstanceId.class).value());
        assertThat(instanceOf(second, runs.get(1)))
                .isEqualTo(second.getBean(InstanceId.class).value());
        String log = onSecond.get("/api/runs/" + runs.get(1).path("id").asString() + "/logs")
                .json()
                .path("content")
                .asString();
        assertThat(log)
                .contains("Attempt 1 ran on instance "
                        + first.getBean(InstanceId.class).value())
                .contains("re-created from the branch")
                .contains("as it was last pushed")
                .contains("could not be recovered");
    }

    private static void awaitSubtask(Api api, String subtaskId, String status) {
        await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> api.get("/api/subtasks/" + subtaskId)
                                .json()
                                .path("status")
                                .asString(),
                        status::equals);
    }

    private static String createTask(Api api) {
        String projectId = api.post(
                        "/api/projects",
                        "{\"repo_url\":" + Api.quote(originOf(api).toString()) + "}")
                .id();
        return api.post("/api/projects/" + projectId + "/tasks", "{\"title\":\"Hold on\",\"description\":\"d\"}")
                .id();
    }

    private static final Map<String, Path> origins = new java.util.concurrent.ConcurrentHashMap<>();

    private static Path originOf(Api api) {
        return origins.computeIfAbsent("origin", k -> {
            try {
                return GitFixtures.repositoryWithCommit(
                        Files.createTempDirectory("iv-leases-origin").resolve("origin"), "main");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits until the task's first planner run is RUNNING and its agent holds; returns the run's id. */
    private static String awaitHoldingRun(Api api, String taskId) {
        return await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> {
                            JsonNode runs =
                                    api.get("/api/tasks/" + taskId + "/runs").json();
                            if (runs.isEmpty()
                                    || !runs.get(0).path("status").asString().equals("RUNNING")) {
                                return null;
                            }
                            String id = runs.get(0).path("id").asString();
                            String log = api.get("/api/runs/" + id + "/logs")
                                    .json()
                                    .path("content")
                                    .asString();
                            return log.contains("holding") ? id : null;
                        },
                        java.util.Objects::nonNull);
    }

    private static JsonNode run(Api api, String taskId, int index) {
        return api.get("/api/tasks/" + taskId + "/runs").json().get(index);
    }

    private static String instanceOf(ConfigurableApplicationContext app, JsonNode run) {
        return app.getBean(JdbcClient.class)
                .sql("SELECT instance_id FROM agent_runs WHERE id = :id")
                .param("id", UUID.fromString(run.path("id").asString()))
                .query(String.class)
                .single();
    }

    /** No two attempts of the task's planner were RUNNING at the same time, from the rows. */
    private static void assertNoOverlap(ConfigurableApplicationContext app, String taskId) {
        record Span(OffsetDateTime start, OffsetDateTime end) {}
        List<Span> spans = app.getBean(JdbcClient.class)
                .sql("SELECT started_at, ended_at FROM agent_runs WHERE task_id = :task AND subtask_id IS NULL"
                        + " ORDER BY started_at")
                .param("task", UUID.fromString(taskId))
                .query((rs, row) -> new Span(
                        rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("ended_at", OffsetDateTime.class)))
                .list();
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i - 1).end()).as("attempt %d has ended", i).isNotNull();
            assertThat(spans.get(i).start())
                    .as("attempt %d started after attempt %d ended", i + 1, i)
                    .isAfterOrEqualTo(spans.get(i - 1).end());
        }
    }

    private Map<String, String> settings(String name, int leaseSeconds) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("DATA_DIR", root.resolve(name).toString());
        settings.put("DATABASE_URL", database);
        settings.put("AGENT_RUNTIME", "command");
        settings.put("AGENT_SANDBOX", "none");
        settings.put("AGENT_EXTRA_PATH", scripts.toString());
        settings.put("AGENT_COMMAND", "sh " + scripts.resolve("holding-agent.sh"));
        settings.put("AGENT_BACKOFF_BASE_MS", "100");
        settings.put("AGENT_KILL_GRACE_MS", "1000");
        settings.put("CLUSTER_LEASE_SECONDS", Integer.toString(leaseSeconds));
        return settings;
    }

    private ConfigurableApplicationContext start(Map<String, String> settings) {
        ConfigurableApplicationContext app = AppInstances.startInProcess(settings);
        apps.add(app);
        return app;
    }
}
