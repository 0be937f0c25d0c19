package dev.internvillage.runlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.internvillage.InternVillageApplication;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.RunService;
import dev.internvillage.auth.SessionCookies;
import dev.internvillage.auth.User;
import dev.internvillage.auth.UserService;
import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.AppInstances;
import dev.internvillage.testing.DatabaseAvailable;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.PostgresSignals;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two app instances on one PostgreSQL database, each with its own DATA_DIR and port: an agent runs on
 * the first, and a client of the second follows its log live (by run from line 1, and with "all"),
 * pages it, and still reads the finished log once the first instance is gone.
 */
@Tag("database")
@ExtendWith(DatabaseAvailable.class)
class LogsAcrossInstancesTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int AGENT_LINES = 600;
    private static final String SESSION_SECRET = "shared-session-secret-of-at-least-32-characters";
    private static final String ENCRYPTION_KEY =
            HexFormat.of().formatHex(new byte[32]).replace('0', '7');

    /** Prints its lines once the test drops a file named {@code go} beside it, then plans. */
    private static final String AGENT = """
            #!/bin/sh
            cat > /dev/null
            here="$(dirname "$0")"
            echo "lines agent: role=$IV_ROLE"
            if [ "$IV_ROLE" = planner ]; then
              i=0
              while [ ! -e "$here/go" ] && [ "$i" -lt 600 ]; do i=$((i + 1)); sleep 0.1; done
              i=1
              while [ "$i" -le %d ]; do
                echo "agent line $i"
                if [ $((i %% 100)) -eq 0 ]; then sleep 0.2; fi
                i=$((i + 1))
              done
              printf '%%s' '{"spec": "one step", "subtasks": [{"key": "s1", "title": "Step", "spec": "Do it", "implementation_plan": "", "depends_on": []}]}' > "$IV_PLAN_FILE"
            fi
            """.formatted(AGENT_LINES);

    @TempDir
    static Path root;

    private static Path scripts;
    private static ConfigurableApplicationContext agentHost;
    private static ConfigurableApplicationContext other;

    @BeforeAll
    static void startTwoInstances() {
        assumeTrue(TestDatabase.isPostgres(), "instances share logs through PostgreSQL");
        scripts = AgentScripts.directoryWith("lines-agent.sh", AGENT);
        String database = TestDatabase.postgresDatabaseUrl("logs-across-instances");
        agentHost = start("one", database, true);
        other = start("two", database, false);
    }

    private static ConfigurableApplicationContext start(String name, String database, boolean agents) {
        return new SpringApplicationBuilder(InternVillageApplication.class, PostgresSignals.Config.class)
                .properties(
                        "DATA_DIR=" + root.resolve(name),
                        "DATABASE_URL=" + database,
                        "PORT=0",
                        "internvillage.agents.enabled=" + agents,
                        "AGENT_RUNTIME=command",
                        "AGENT_EXTRA_PATH=" + scripts,
                        "AGENT_COMMAND=sh " + scripts.resolve("lines-agent.sh"),
                        "SESSION_SECRET=" + SESSION_SECRET,
                        "ENCRYPTION_KEY=" + ENCRYPTION_KEY,
                        "ALLOWED_HOSTS=127.0.0.1")
                .run();
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {other, agentHost}) {
            if (app != null && app.isActive()) {
                app.close();
            }
        }
    }

    private static String cookie(User user) {
        return SessionCookies.NAME + "="
                + agentHost.getBean(SessionCookies.class).mint(user.id(), false).getValue();
    }

    private static List<JsonNode> linesOf(SseClient client, String run) {
        return client.events("agent:log").stream()
                .map(SseClient.Event::json)
                .filter(e -> e.path("run_id").asString().equals(run))
                .toList();
    }

    @Test
    void aLogWrittenOnOneInstanceIsFollowedPagedAndKeptOnTheOther() throws Exception {
        User user = agentHost.getBean(UserService.class).create("roaming");
        String cookie = cookie(user);
        Api onAgentHost = new Api(AppInstances.baseUrl(agentHost), cookie);
        Api onOther = new Api(AppInstances.baseUrl(other), cookie);
        Path repo = GitFixtures.repositoryWithCommit(root.resolve("repo"), "main");
        ApiResponse project = onAgentHost.post("/api/projects", "{\"repo_url\":" + Api.quote(repo.toString()) + "}");
        assertThat(project.status()).as("%s", project).isEqualTo(201);
        String projectId = project.id();
        String events = AppInstances.baseUrl(other) + "/api/projects/" + projectId + "/events";

        try (SseClient all = SseClient.connect(events + "?subscribe_logs=all", cookie, null)) {
            all.await("connected");
            // GIVEN an agent running on the first instance, waiting to print
            ApiResponse task = onAgentHost.post(
                    "/api/projects/" + projectId + "/tasks",
                    "{\"title\":\"Print lines\",\"description\":\"Print many lines\"}");
            assertThat(task.status()).as("%s", task).isEqualTo(201);
            String run = await().atMost(WAIT)
                    .until(
                            () -> onAgentHost
                                    .get("/api/tasks/" + task.id() + "/runs")
                                    .json(),
                            r -> r.size() == 1
                                    && r.get(0).path("status").asString().equals("RUNNING"))
                    .get(0)
                    .path("id")
                    .asString();

            // WHEN a client of the other instance follows it from line 1, and the agent prints
            try (SseClient byRun = SseClient.connect(events + "?subscribe_logs=" + run + "@1", cookie, null)) {
                byRun.await("connected");
                Files.createFile(scripts.resolve("go"));
                await().atMost(WAIT)
                        .until(
                                () -> onAgentHost.get("/api/tasks/" + task.id()).json(),
                                t -> t.path("status").asString().equals("ACTIVE"));
                List<String> written = Files.readAllLines(agentHost
                        .getBean(dev.internvillage.agent.RunService.class)
                        .logFile(agentHost
                                .getBean(dev.internvillage.agent.RunService.class)
                                .get(new dev.internvillage.agent.RunId(java.util.UUID.fromString(run)))));
                assertThat(written)
                        .hasSizeGreaterThan(AGENT_LINES)
                        .anyMatch(l -> l.endsWith("agent line " + AGENT_LINES));

                // THEN both streams get every line, in order, without a gap or a repeat, the sentinel last
                for (SseClient client : List.of(all, byRun)) {
                    await().atMost(WAIT).until(() -> linesOf(client, run).size() >= written.size());
                    List<JsonNode> lines = linesOf(client, run);
                    assertThat(lines.stream().map(l -> l.path("line_number").asInt()))
                            .containsExactlyElementsOf(IntStream.rangeClosed(1, written.size())
                                    .boxed()
                                    .toList());
                    assertThat(lines.stream().map(l -> l.path("line").asString()))
                            .containsExactlyElementsOf(written);
                    assertThat(RunLogFormat.isSentinel(
                                    lines.getLast().path("line").asString()))
                            .isTrue();
                }
                assertThat(Files.exists(root.resolve("two/logs"))
                                && Files.walk(root.resolve("two/logs"))
                                        .noneMatch(
                                                p -> p.getFileName().toString().endsWith(".log")))
                        .as("the other instance has no log file of its own, only the shared copy")
                        .isTrue();

                // AND a paged read on the other instance returns the same lines
                assertThat(pagedLines(onOther, run)).containsExactlyElementsOf(written);

                // AND once the first instance is gone, the finished log is still read on the other
                agentHost.close();
                try (var mirrors = Files.walk(root.resolve("two/logs"))) {
                    for (Path mirror : mirrors.filter(Files::isRegularFile).toList()) {
                        Files.delete(mirror); // read from the database, not from what the stream left here
                    }
                }
                assertThat(pagedLines(onOther, run)).containsExactlyElementsOf(written);
                JsonNode whole = onOther.get("/api/runs/" + run + "/logs").json();
                assertThat(whole.path("line_count").asInt()).isEqualTo(written.size());
                assertThat(whole.path("complete").asBoolean()).isTrue();
                assertThat(whole.path("content").asString()).isEqualTo(String.join("\n", written));

                // AND a run continued here (e.g. its failure noted after its instance was lost) first gets
                // the log restored here, and what is added is shared after it, even past a lost chunk
                continueHere(run, projectId, written);
            }
        }
    }

    private static void continueHere(String run, String projectId, List<String> written) throws Exception {
        RunService runs = other.getBean(RunService.class);
        Path file = runs.logFile(runs.get(new RunId(UUID.fromString(run))));
        JdbcClient jdbc = other.getBean(JdbcClient.class);
        try (RunLogWriter log =
                other.getBean(SharedLogs.class).open(UUID.fromString(run), UUID.fromString(projectId), file)) {
            assertThat(Files.readAllLines(file)).containsExactlyElementsOf(written);
            int chunks = jdbc.sql("SELECT count(*) FROM run_log_chunks WHERE run_id = :run")
                    .param("run", UUID.fromString(run))
                    .query(Integer.class)
                    .single();
            // the last chunk's commit is lost, as with a database crash before it reached the disk
            jdbc.sql("DELETE FROM run_log_chunks WHERE run_id = :run AND chunk_no = :last")
                    .param("run", UUID.fromString(run))
                    .param("last", chunks)
                    .update();
            log.note("continued on another instance");
        }
        byte[] shared = jdbc
                .sql("SELECT body FROM run_log_chunks WHERE run_id = :run ORDER BY chunk_no")
                .param("run", UUID.fromString(run))
                .query((rs, n) -> rs.getBytes(1))
                .list()
                .stream()
                .reduce(new byte[0], (a, b) -> {
                    byte[] joined = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, joined, a.length, b.length);
                    return joined;
                });
        assertThat(shared).isEqualTo(Files.readAllBytes(file));
        assertThat(Files.readAllLines(file))
                .hasSize(written.size() + 1)
                .last()
                .asString()
                .endsWith("continued on another instance");
    }

    private static List<String> pagedLines(Api api, String run) {
        List<String> lines = new ArrayList<>();
        int from = 1;
        while (true) {
            ApiResponse page = api.get("/api/runs/" + run + "/logs?from_line=" + from + "&limit=250");
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            for (JsonNode line : page.json().path("lines")) {
                lines.add(line.path("line").asString());
            }
            if (page.json().path("complete").asBoolean()) {
                return lines;
            }
            from = page.json().path("next_line").asInt();
        }
    }
}
