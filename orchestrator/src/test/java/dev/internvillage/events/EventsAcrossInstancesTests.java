package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.InternVillageApplication;
import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunService;
import dev.internvillage.auth.SessionCookies;
import dev.internvillage.auth.User;
import dev.internvillage.auth.UserService;
import dev.internvillage.cluster.InstanceId;
import dev.internvillage.runlog.LogWriteSignal;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.AppInstances;
import dev.internvillage.testing.DatabaseAvailable;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.SseClient.Event;
import dev.internvillage.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two app instances on one PostgreSQL database, as behind a load balancer: each has its own DATA_DIR
 * and port and they share only the database. A change made through one instance's API reaches a
 * stream on the other through LISTEN/NOTIFY, in order and without a gap; a stream resumes on either
 * instance; a killed signal connection loses nothing; and a signal that never came is made up for by
 * the slow check of the open logs' heads.
 *
 * <p>Instance A never checks the heads (an hour apart), so what reaches its streams came by signal or
 * by the catch-up after a reconnect; instance B checks every 300 ms.
 */
@Tag("database")
@ExtendWith(DatabaseAvailable.class)
class EventsAcrossInstancesTests {

    private static final String SESSION_SECRET = "shared-session-secret-of-at-least-32-characters";
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @TempDir
    static Path root;

    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoInstances() {
        Assumptions.assumeTrue(TestDatabase.isPostgres(), "signals between instances need PostgreSQL's NOTIFY");
        String database = TestDatabase.postgresDatabaseUrl("events-across-instances");
        a = start("a", database, 3_600_000);
        b = start("b", database, 300);
    }

    private static ConfigurableApplicationContext start(String name, String database, int checkMs) {
        return new SpringApplicationBuilder(InternVillageApplication.class)
                .properties(
                        "DATA_DIR=" + root.resolve(name),
                        "DATABASE_URL=" + database,
                        "PORT=0",
                        "internvillage.agents.enabled=false",
                        "SESSION_SECRET=" + SESSION_SECRET,
                        "SSE_HEARTBEAT_INTERVAL_MS=250",
                        "LOG_TAIL_POLL_MS=100",
                        "EVENTS_SIGNAL_CHECK_MS=" + checkMs)
                .run();
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {b, a}) {
            if (app != null) {
                app.close();
            }
        }
    }

    /** A new user's clients of both instances (one session, known to both through the database). */
    private record Clients(Api a, Api b) {}

    private static Clients newUser() {
        User user = a.getBean(UserService.class)
                .create("user-" + UUID.randomUUID().toString().substring(0, 8));
        String cookie = SessionCookies.NAME + "="
                + a.getBean(SessionCookies.class).mint(user.id(), false).getValue();
        return new Clients(new Api(AppInstances.baseUrl(a), cookie), new Api(AppInstances.baseUrl(b), cookie));
    }

    private static String project(Api api) {
        Path repo = GitFixtures.repositoryWithCommit(root.resolve("repo-" + UUID.randomUUID()), "main");
        ApiResponse created = api.post("/api/projects", "{\"repo_url\":" + Api.quote(repo.toString()) + "}");
        assertThat(created.status()).as("create project: %s", created).isEqualTo(201);
        return created.id();
    }

    private static String task(Api api, String project) {
        ApiResponse created =
                api.post("/api/projects/" + project + "/tasks", "{\"title\":\"Due dates\",\"description\":\"Items\"}");
        assertThat(created.status()).as("create task: %s", created).isEqualTo(201);
        return created.id();
    }

    /** One {@code task:updated} through {@code api}. */
    private static void budget(Api api, String task, int tokens) {
        ApiResponse patched = api.patch("/api/tasks/" + task, "{\"budget_tokens\":" + tokens + "}");
        assertThat(patched.status()).as("patch task: %s", patched).isEqualTo(200);
    }

    private static SseClient stream(ConfigurableApplicationContext app, Api api, String project, String lastEventId) {
        return SseClient.connect(
                AppInstances.baseUrl(app) + "/api/projects/" + project + "/events", api.cookie(), lastEventId);
    }

    /** The numbered events after the {@code connected} one. */
    private static List<Event> logged(SseClient client) {
        return client.events().stream()
                .filter(e -> e.id() != null && !e.type().equals("connected"))
                .toList();
    }

    private static List<Long> ids(List<Event> events) {
        return events.stream().map(Event::idNumber).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    private static List<Long> budgets(List<Event> events) {
        return events.stream()
                .filter(e -> e.type().equals("task:updated"))
                .map(e -> e.json().path("budget_tokens").asLong())
                .toList();
    }

    @Test
    void aStreamOnOneInstanceSeesChangesMadeThroughTheOtherInOrderWithoutAGap() {
        Clients user = newUser();
        String project = project(user.b());
        try (SseClient onA = stream(a, user.a(), project, null)) {
            long start = onA.await("connected").idNumber();
            String task = task(user.b(), project);
            for (int i = 1; i <= 20; i++) {
                budget(user.b(), task, 1000 + i);
            }

            await().atMost(PROMPTLY).until(() -> budgets(logged(onA)).contains(1020L));
            List<Event> events = logged(onA);
            assertThat(ids(events))
                    .as("consecutive ids, none missing")
                    .isEqualTo(range(start + 1, start + events.size()));
            assertThat(budgets(events)).isEqualTo(range(1001, 1020));
        }
    }

    @Test
    void aStreamResumesOnTheOtherInstanceWithLastEventId() {
        Clients user = newUser();
        String project = project(user.a());
        String task = task(user.a(), project);
        long lastSeen;
        try (SseClient onA = stream(a, user.a(), project, null)) {
            onA.await("connected");
            budget(user.a(), task, 1);
            lastSeen = onA.await(e -> e.type().equals("task:updated"), PROMPTLY).idNumber();
        }
        // while the client is away, changes go through both instances
        budget(user.a(), task, 2);
        budget(user.b(), task, 3);

        try (SseClient onB = stream(b, user.b(), project, Long.toString(lastSeen))) {
            await().atMost(PROMPTLY).until(() -> budgets(logged(onB)).contains(3L));
            budget(user.a(), task, 4); // and a live one made on the other instance
            await().atMost(PROMPTLY).until(() -> budgets(logged(onB)).contains(4L));

            List<Event> events = logged(onB);
            assertThat(ids(events)).isEqualTo(range(lastSeen + 1, lastSeen + events.size()));
            assertThat(budgets(events)).containsExactly(2L, 3L, 4L);
        }
    }

    @Test
    void eventsStillArriveAfterTheSignalConnectionIsKilled() {
        Clients user = newUser();
        String project = project(user.a());
        String task = task(user.a(), project);
        JdbcClient database = a.getBean(JdbcClient.class);
        String listener = "signals " + tail(a.getBean(InstanceId.class).value(), 50);
        int killed = listenerPid(database, listener);

        try (SseClient onA = stream(a, user.a(), project, null)) {
            long start = onA.await("connected").idNumber();
            database.sql("SELECT pg_terminate_backend(:pid)")
                    .param("pid", killed)
                    .query()
                    .singleRow();
            // committed through the other instance while A's signal connection is down or coming back
            for (int i = 1; i <= 10; i++) {
                budget(user.b(), task, 2000 + i);
            }

            await().atMost(PROMPTLY).until(() -> {
                int now = listenerPid(database, listener);
                return now != -1 && now != killed;
            });
            await().atMost(PROMPTLY).until(() -> budgets(logged(onA)).contains(2010L));
            budget(user.b(), task, 2011); // and the new connection carries signals again
            await().atMost(PROMPTLY).until(() -> budgets(logged(onA)).contains(2011L));

            List<Event> events = logged(onA);
            assertThat(ids(events)).isEqualTo(range(start + 1, start + events.size()));
            assertThat(budgets(events)).isEqualTo(range(2001, 2011));
        }
    }

    @Test
    void theHeadCheckDeliversAnEventWhoseSignalWasLost() {
        Clients user = newUser();
        String project = project(user.a());
        task(user.a(), project); // the project's log has a counter row from here on
        JdbcClient database = a.getBean(JdbcClient.class);
        try (SseClient onB = stream(b, user.b(), project, null)) {
            long start = onB.await("connected").idNumber();
            // an event appended without a signal, as if its NOTIFY had been lost on the way
            database.sql("UPDATE project_event_counters SET last_seq = last_seq + 1 WHERE project_id = :p")
                    .param("p", UUID.fromString(project))
                    .update();
            database.sql("""
                            INSERT INTO project_events (project_id, seq, event_type, payload, created_at)
                            VALUES (:p, :seq, 'task:updated', '{"budget_tokens":7}', CURRENT_TIMESTAMP)""")
                    .param("p", UUID.fromString(project))
                    .param("seq", start + 1)
                    .update();

            Event repaired = onB.await(e -> e.type().equals("task:updated"), PROMPTLY);
            assertThat(repaired.idNumber()).isEqualTo(start + 1);
        }
    }

    @Test
    void deletingAProjectOnOneInstanceEndsItsStreamsOnTheOther() {
        Clients user = newUser();
        String project = project(user.a());
        try (SseClient onB = stream(b, user.b(), project, null)) {
            onB.await("connected");

            assertThat(user.a().delete("/api/projects/" + project).status()).isEqualTo(204);

            Event deleted = onB.await(e -> e.type().equals("project:deleted"), PROMPTLY);
            assertThat(deleted.json().path("project_id").asString()).isEqualTo(project);
            await().atMost(PROMPTLY).until(onB::ended);
        }
    }

    /** A RUNNING run recorded on {@code app}, so its log file is that instance's. */
    private static AgentRun runningRun(ConfigurableApplicationContext app, String task) {
        return app.getBean(RunService.class).recordStarted(new TaskId(UUID.fromString(task)), null, 1, "prompt");
    }

    /** Appends lines to the run's log on {@code app} and gives the write signal, as the executor does. */
    private static void appendLines(ConfigurableApplicationContext app, AgentRun run, String... lines) {
        Path file = app.getBean(RunService.class).logFile(run);
        try {
            Files.createDirectories(file.getParent());
            Files.write(
                    file,
                    (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app.getBean(LogWriteSignal.class).written(file);
    }

    private static List<Integer> logLines(SseClient client, AgentRun run) {
        return client.events("agent:log").stream()
                .filter(e -> e.json().path("run_id").asString().equals(run.id().toString()))
                .map(e -> e.json().path("line_number").asInt())
                .toList();
    }

    @Test
    void logSubscriptionsSentToTheOtherInstanceReachTheStream() {
        Clients user = newUser();
        String project = project(user.a());
        AgentRun run = runningRun(a, task(user.a(), project));
        appendLines(a, run, "[10:00:01] before");
        try (SseClient onA = stream(a, user.a(), project, null)) {
            String connection =
                    onA.await("connected").json().path("connection_id").asString();

            ApiResponse put = user.b()
                    .put(
                            "/api/projects/" + project + "/events/" + connection + "/log-subscriptions",
                            "{\"runs\":[\"" + run.id() + "@1\"]}");
            assertThat(put.status()).as("%s", put).isEqualTo(204);

            await().atMost(PROMPTLY).until(() -> logLines(onA, run).size() == 1);
            appendLines(a, run, "[10:00:02] after");
            await().atMost(PROMPTLY).until(() -> logLines(onA, run).size() == 2);
            assertThat(logLines(onA, run)).containsExactly(1, 2);
        }
    }

    @Test
    void userLevelLogSubscriptionsSentToTheOtherInstanceReachTheStream() {
        Clients user = newUser();
        String project = project(user.a());
        AgentRun run = runningRun(a, task(user.a(), project));
        appendLines(a, run, "[10:00:01] before");
        try (SseClient onA = SseClient.connect(
                AppInstances.baseUrl(a) + "/api/events", user.a().cookie(), null)) {
            String connection =
                    onA.await("connected").json().path("connection_id").asString();

            ApiResponse put = user.b()
                    .put("/api/events/" + connection + "/log-subscriptions", "{\"runs\":[\"" + run.id() + "@1\"]}");
            assertThat(put.status()).as("%s", put).isEqualTo(204);

            await().atMost(PROMPTLY).until(() -> logLines(onA, run).size() == 1);
        }
    }

    @Test
    void logSubscriptionsOfAStreamNoInstanceHoldsAreNotFoundWithinTheWait() {
        Clients user = newUser();
        String project = project(user.a());
        try (SseClient onA = stream(a, user.a(), project, null)) {
            String connection =
                    onA.await("connected").json().path("connection_id").asString();
            long started = System.nanoTime();

            ApiResponse unknown = user.b()
                    .put(
                            "/api/projects/" + project + "/events/" + UUID.randomUUID() + "/log-subscriptions",
                            "{\"runs\":[\"all\"]}");
            assertThat(unknown.status()).as("%s", unknown).isEqualTo(404);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            // the stream of another user or scope is not found either, though an instance holds it
            Clients other = newUser();
            String theirs = project(other.b());
            assertThat(other.b()
                            .put(
                                    "/api/projects/" + theirs + "/events/" + connection + "/log-subscriptions",
                                    "{\"runs\":[\"all\"]}")
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void logSubscriptionsTooLongForOneSignalAreRefusedWithAClearAnswer() {
        Clients user = newUser();
        String project = project(user.a());
        try (SseClient onA = stream(a, user.a(), project, null)) {
            String connection =
                    onA.await("connected").json().path("connection_id").asString();
            // entries that name no run travel as text, to be reported on the stream: 100 of 100 bytes
            String entries = String.join(",", Collections.nCopies(100, Api.quote("x".repeat(100))));

            ApiResponse put = user.b()
                    .put(
                            "/api/projects/" + project + "/events/" + connection + "/log-subscriptions",
                            "{\"runs\":[" + entries + "]}");
            assertThat(put.status()).as("%s", put).isEqualTo(413);
            assertThat(put.body()).contains("subscribe_logs");
        }
    }

    private static int listenerPid(JdbcClient database, String applicationName) {
        return database.sql("SELECT pid FROM pg_stat_activity WHERE application_name = :name")
                .param("name", applicationName)
                .query(Integer.class)
                .optional()
                .orElse(-1);
    }

    private static String tail(String value, int length) {
        return value.length() > length ? value.substring(value.length() - length) : value;
    }
}
