package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.events.tail.LogTails;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.Plans;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.SseClient.Event;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code agent:log} over a real socket: backfill, live tail, the seam between them, subscriptions. */
class LogStreamApiTests extends EventsTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    LogTails tails;

    private Owner owner;
    private String project;
    private TaskId task;
    private Subtask subtask;

    @BeforeEach
    void board() {
        owner = owner();
        project = createProject(owner.api());
        task = task(owner.api(), project);
        subtask = importPlan(task, Plans.plan().subtask("s1").build()).getFirst();
    }

    private static List<Event> linesOf(SseClient client, AgentRun run) {
        return client.events("agent:log").stream()
                .filter(e -> e.json().path("run_id").asString().equals(run.id().toString()))
                .toList();
    }

    private static List<Integer> numbers(List<Event> lines) {
        return lines.stream().map(e -> e.json().path("line_number").asInt()).toList();
    }

    private static String line(int n) {
        return "[10:%02d:%02d] step %d of the work".formatted(n / 60 % 60, n % 60, n);
    }

    @Test
    void aRunsLinesArriveInOrderExactlyOnceAcrossBackfillAndLive() throws Exception {
        // GIVEN a running worker that has already written 200 lines
        AgentRun run = startRun(task, subtask.id(), 1);
        for (int i = 1; i <= 200; i += 10) {
            appendLines(
                    run,
                    IntStream.range(i, i + 10).mapToObj(LogStreamApiTests::line).toArray(String[]::new));
        }
        // WHEN a client subscribes while the agent keeps writing from another thread
        AtomicInteger written = new AtomicInteger(200);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 201; i <= 2000; i += 5) {
                appendLines(
                        run,
                        IntStream.range(i, i + 5)
                                .mapToObj(LogStreamApiTests::line)
                                .toArray(String[]::new));
                written.set(i + 4);
                LockSupport.parkNanos(5_000_000); // an agent's pace, so the subscription lands mid-stream
            }
            appendLines(run, "[11:00:00] === Run Complete ===");
        });
        await().atMost(WAIT).until(() -> written.get() >= 600);
        try (SseClient client = stream(owner.api(), project, "?subscribe_logs=" + run.id() + "@1")) {
            int atConnect = written.get();
            writer.get();
            succeed(run, null);
            assertThat(atConnect)
                    .as("the writer was still writing when the stream opened")
                    .isLessThan(2000);

            // THEN every line arrives exactly once, in order, numbered from 1, the sentinel last
            await().atMost(WAIT).until(() -> linesOf(client, run).size() >= 2001);
            List<Event> lines = linesOf(client, run);
            assertThat(numbers(lines))
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, 2001).boxed().toList());
            assertThat(lines.get(41).json().path("line").asString()).isEqualTo(line(42));
            assertThat(lines.get(41).json().path("timestamp").asString()).isEqualTo("10:00:42");
            assertThat(lines.getLast().json().path("line").asString()).isEqualTo("[11:00:00] === Run Complete ===");
            assertThat(lines.getFirst().id()).as("log lines carry no id").isNull();
            assertThat(client.events("agent:completed")).hasSize(1);
        }
        await().atMost(WAIT).until(() -> !tails.isTailing(run.id()));
    }

    @Test
    void aSubscriptionAtALineStartsThere() {
        AgentRun run = startRun(task, subtask.id(), 1);
        appendLines(
                run,
                IntStream.rangeClosed(1, 30).mapToObj(LogStreamApiTests::line).toArray(String[]::new));

        try (SseClient client = stream(owner.api(), project, "?subscribe_logs=" + run.id() + "@25")) {
            await().atMost(WAIT).until(() -> linesOf(client, run).size() >= 6);
            appendLines(run, line(31), line(32));
            await().atMost(WAIT).until(() -> linesOf(client, run).size() >= 8);

            assertThat(numbers(linesOf(client, run))).containsExactly(25, 26, 27, 28, 29, 30, 31, 32);
        }
    }

    @Test
    void aSubscriptionDeepInALongLogStartsAtTheRightLineWhateverTheLineEndings() {
        // GIVEN 5,000 lines ended by \n, \r\n or \r in turn, so the line index's seek points fall
        // after each kind of ending
        AgentRun run = startRun(task, subtask.id(), 1);
        String[] endings = {"\n", "\r\n", "\r"};
        StringBuilder log = new StringBuilder();
        for (int n = 1; n <= 5000; n++) {
            log.append(line(n)).append(endings[n % 3]);
        }
        append(run, log.toString().getBytes(StandardCharsets.UTF_8));

        // WHEN clients subscribe at lines whose seek points (every 1,024th line) follow a \r\n
        // (line 1024) and a lone \r (line 2048), and the log ends
        // (a first client makes the tail read the whole file, so theirs is a backfill from the file)
        SseClient first = stream(owner.api(), project, "?subscribe_logs=" + run.id() + "@1");
        await().atMost(WAIT).until(() -> linesOf(first, run).size() >= 5000);
        int[] starts = {1025, 2100}; // the test allows 3 streams per user
        List<SseClient> clients = IntStream.of(starts)
                .mapToObj(from -> stream(owner.api(), project, "?subscribe_logs=" + run.id() + "@" + from))
                .toList();
        try {
            // (their backfill has begun while the run still runs, so it reads the file, not a new tail)
            clients.forEach(client ->
                    await().atMost(WAIT).until(() -> !linesOf(client, run).isEmpty()));
            appendLines(run, "[11:00:00] === Run Complete ===");
            succeed(run, null);

            // THEN each gets exactly its lines, numbered and worded as in the file
            for (int i = 0; i < starts.length; i++) {
                SseClient client = clients.get(i);
                int from = starts[i];
                await().atMost(WAIT).until(() -> linesOf(client, run).size() >= 5001 - from + 1);
                List<Event> lines = linesOf(client, run);
                assertThat(numbers(lines))
                        .as("from %d", from)
                        .containsExactlyElementsOf(
                                IntStream.rangeClosed(from, 5001).boxed().toList());
                assertThat(lines.getFirst().json().path("line").asString()).isEqualTo(line(from));
                assertThat(lines.get(5000 - from).json().path("line").asString())
                        .isEqualTo(line(5000));
            }
        } finally {
            first.close();
            clients.forEach(SseClient::close);
        }
    }

    @Test
    void noTailRunsForARunNobodyFollows() {
        AgentRun run = startRun(task, subtask.id(), 1);
        appendLines(run, line(1));

        assertThat(tails.isTailing(run.id())).isFalse();
        try (SseClient client = stream(owner.api(), project, "?subscribe_logs=" + run.id() + "@1")) {
            client.await(e -> e.type().equals("agent:log"), WAIT);
            assertThat(tails.isTailing(run.id())).isTrue();
        }
        await().atMost(WAIT).until(() -> !tails.isTailing(run.id()));
    }

    @Test
    void subscriptionsChangeOnAnOpenStream() {
        AgentRun first = startRun(task, subtask.id(), 1);
        AgentRun second = startRun(task, null, 1);
        appendLines(first, line(1), line(2));
        appendLines(second, line(1));

        try (SseClient client = stream(owner.api(), project, "")) {
            String connection = client.await(EventPayloads.CONNECTED)
                    .json()
                    .path("connection_id")
                    .asString();
            String path = "/api/projects/" + project + "/events/" + connection + "/log-subscriptions";

            ApiResponse subscribe = owner.api().put(path, "{\"runs\":[\"" + first.id() + "@1\"]}");
            assertThat(subscribe.status()).as("%s", subscribe).isEqualTo(204);
            await().atMost(WAIT).until(() -> linesOf(client, first).size() == 2);
            appendLines(first, line(3));
            await().atMost(WAIT).until(() -> linesOf(client, first).size() == 3);

            // the same list again neither repeats the backfill nor stops the live lines
            assertThat(owner.api()
                            .put(path, "{\"runs\":[\"" + first.id() + "@1\", \"" + second.id() + "@1\"]}")
                            .status())
                    .isEqualTo(204);
            await().atMost(WAIT).until(() -> linesOf(client, second).size() == 1);
            assertThat(owner.api()
                            .put(path, "{\"runs\":[\"" + second.id() + "@1\"]}")
                            .status())
                    .isEqualTo(204);
            appendLines(first, line(4));
            appendLines(second, line(2));
            await().atMost(WAIT).until(() -> linesOf(client, second).size() == 2);
            // a marker status change, sent after line 4 of the first run was written
            subtaskService.start(owner.current(), subtask.id());
            client.await(e -> e.type().equals("subtask:status_changed"), WAIT);

            assertThat(numbers(linesOf(client, first))).containsExactly(1, 2, 3);
            assertThat(numbers(linesOf(client, second))).containsExactly(1, 2);
        }
    }

    @Test
    void subscriptionChangesAreOwnerCheckedAndBadEntriesAreReportedOnTheStream() {
        AgentRun run = startRun(task, subtask.id(), 1);
        appendLines(run, line(1));
        String otherProject = createProject(owner.api());
        AgentRun foreign = startRun(task(owner.api(), otherProject), null, 1);

        try (SseClient client = stream(owner.api(), project, "")) {
            String connection = client.await(EventPayloads.CONNECTED)
                    .json()
                    .path("connection_id")
                    .asString();
            String path = "/api/projects/" + project + "/events/" + connection + "/log-subscriptions";

            assertThat(owner().api()
                            .put(path, "{\"runs\":[\"" + run.id() + "\"]}")
                            .status())
                    .as("another user")
                    .isEqualTo(404);
            assertThat(owner.api()
                            .put(
                                    "/api/projects/" + project + "/events/" + java.util.UUID.randomUUID()
                                            + "/log-subscriptions",
                                    "{\"runs\":[]}")
                            .status())
                    .as("no such stream")
                    .isEqualTo(404);

            // WHEN one change names a run of another project, a malformed entry, a line 0 and a good run
            String body =
                    "{\"runs\":[\"" + foreign.id() + "\", \"x@1\", \"" + run.id() + "@0\", \"" + run.id() + "@1\"]}";
            assertThat(owner.api().put(path, body).status()).isEqualTo(204);

            // THEN each bad entry is reported once, naming the entry, and the good one is served
            await().atMost(WAIT).until(() -> client.events("error").size() == 3);
            assertThat(client.events("error").stream()
                            .map(e -> e.json().path("entry").asString())
                            .toList())
                    .containsExactly(foreign.id().toString(), "x@1", run.id() + "@0");
            assertThat(client.events("error"))
                    .allSatisfy(
                            e -> assertThat(e.json().path("code").asString()).isEqualTo("INVALID_SUBSCRIPTION"));
            await().atMost(WAIT).until(() -> linesOf(client, run).size() == 1);
        }
    }

    @Test
    void aForeignOrUnknownRunGetsTheSameAnswerAsAMalformedOneAndTheRestOfTheStreamIsServed() {
        AgentRun run = startRun(task, subtask.id(), 1);
        appendLines(run, line(1), line(2));
        Owner stranger = owner();
        String strangersProject = createProject(stranger.api());
        AgentRun strangers = startRun(task(stranger.api(), strangersProject), null, 1);
        String unknown = java.util.UUID.randomUUID().toString();

        String query = "?subscribe_logs=" + strangers.id() + "," + unknown + ",nonsense," + run.id() + "@2";
        try (SseClient client = stream(owner.api(), project, query)) {
            assertThat(client.status()).isEqualTo(200);
            client.await(EventPayloads.CONNECTED);
            await().atMost(WAIT).until(() -> client.events("error").size() == 3);
            List<JsonNode> errors =
                    client.events("error").stream().map(Event::json).toList();
            assertThat(errors.stream().map(e -> e.path("entry").asString()))
                    .containsExactly(strangers.id().toString(), unknown, "nonsense");
            // the message of another user's run is worded exactly like an unknown one's
            assertThat(errors.get(0)
                            .path("message")
                            .asString()
                            .replace(strangers.id().toString(), "?"))
                    .isEqualTo(errors.get(1).path("message").asString().replace(unknown, "?"));
            assertThat(errors.get(0).path("message").asString()).doesNotContain(strangersProject);
            await().atMost(WAIT).until(() -> linesOf(client, run).size() == 1);
            assertThat(numbers(linesOf(client, run))).containsExactly(2);
        }
    }

    @Test
    void aPlainRunIdFollowsTheRunsLiveLinesFromNowOn() {
        // GIVEN a run that has written 3 lines
        AgentRun run = startRun(task, subtask.id(), 1);
        appendLines(run, line(1), line(2), line(3));

        // WHEN a client subscribes with the plain run id, as the seed's client does
        try (SseClient client = stream(owner.api(), project, "?subscribe_logs=" + run.id())) {
            client.await(EventPayloads.CONNECTED);
            await().atMost(WAIT).until(() -> tails.isTailing(run.id()));
            appendLines(run, line(4), line(5));
            await().atMost(WAIT).until(() -> linesOf(client, run).size() >= 2);
            // a marker status change after the live lines: nothing older comes after it
            subtaskService.start(owner.current(), subtask.id());
            client.await(e -> e.type().equals("subtask:status_changed"), WAIT);

            // THEN only the lines written after it subscribed arrive, numbered as in the file
            assertThat(numbers(linesOf(client, run))).containsExactly(4, 5);
        }
    }

    @Test
    void allFollowsEveryRunOfTheProjectIncludingRunsStartedLater() {
        AgentRun running = startRun(task, null, 1);
        appendLines(running, line(1), line(2));

        try (SseClient client = stream(owner.api(), project, "?subscribe_logs=all")) {
            client.await(EventPayloads.CONNECTED);
            await().atMost(WAIT).until(() -> tails.isTailing(running.id()));
            appendLines(running, line(3));
            AgentRun later = startRun(task, subtask.id(), 1);
            appendLines(later, line(1), line(2));

            await().atMost(WAIT)
                    .until(() -> linesOf(client, later).size() == 2
                            && linesOf(client, running).size() == 1);
            assertThat(numbers(linesOf(client, running)))
                    .as("no backfill with all")
                    .containsExactly(3);
            assertThat(numbers(linesOf(client, later))).containsExactly(1, 2);
            assertThat(client.events("agent:started")).hasSize(1);
        }
    }

    @Test
    void longLinesAreCutWithAMarkerAndInvalidUtf8IsReplaced() throws Exception {
        AgentRun run = startRun(task, subtask.id(), 1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.write(("[10:00:01] " + "é".repeat(2000) + "\n").getBytes(StandardCharsets.UTF_8));
        log.write(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'});
        log.write("after\n".getBytes(StandardCharsets.UTF_8));
        append(run, log.toByteArray());

        try (SseClient client = stream(owner.api(), project, "?subscribe_logs=" + run.id() + "@1")) {
            await().atMost(WAIT).until(() -> linesOf(client, run).size() == 3);
            // the same bytes arriving live are cut the same way
            append(run, log.toByteArray());
            await().atMost(WAIT).until(() -> linesOf(client, run).size() == 6);

            List<String> lines = linesOf(client, run).stream()
                    .map(e -> e.json().path("line").asString())
                    .toList();
            String cut = lines.getFirst();
            assertThat(cut).startsWith("[10:00:01] éé").endsWith(" [truncated: line of 4011 bytes]");
            assertThat(cut.replace(" [truncated: line of 4011 bytes]", "").getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(1024)
                    .isGreaterThan(1000);
            assertThat(cut).doesNotContain("\uFFFD");
            assertThat(lines.get(1)).isEqualTo("bad \uFFFD(\uFFFD");
            assertThat(lines.subList(3, 6)).containsExactlyElementsOf(lines.subList(0, 3));
        }
    }

    @Test
    void aRunWithoutALogFileYieldsAnErrorEvent() {
        AgentRun run = startRun(task, subtask.id(), 1);
        fail(run, false);

        try (SseClient client = stream(owner.api(), project, "?subscribe_logs=" + run.id() + "@1")) {
            Event error = client.await("error");

            JsonNode data = error.json();
            assertThat(data.path("code").asString()).isEqualTo("LOG_FILE_NOT_FOUND");
            assertThat(data.path("run_id").asString()).isEqualTo(run.id().toString());
            assertThat(data.path("message").asString()).isNotBlank();
        }
    }

    @Test
    void theTailNoticesARunThatEndedWithoutAnEventByItsStatus() {
        AgentRun run = startRun(task, subtask.id(), 1);
        appendLines(run, line(1));

        try (SseClient client = stream(owner.api(), project, "?subscribe_logs=" + run.id() + "@1")) {
            await().atMost(WAIT).until(() -> linesOf(client, run).size() == 1);
            append(run, "[10:00:02] cut off".getBytes(StandardCharsets.UTF_8));
            // as a recovery after a restart might leave it: ended in the database, no event published
            jdbc.sql("UPDATE agent_runs SET status = 'FAILED' WHERE id = :id")
                    .param("id", run.id().value())
                    .update();

            // the once-a-second status check ends the tail, which then sends the unterminated last line
            await().atMost(WAIT).until(() -> linesOf(client, run).size() == 2);
            assertThat(linesOf(client, run).get(1).json().path("line").asString())
                    .isEqualTo("[10:00:02] cut off");
        }
    }

    @Test
    void theTailStopsWhenTheRunEndsAndSendsAnUnfinishedLastLine() {
        AgentRun run = startRun(task, subtask.id(), 1);
        appendLines(run, line(1));

        try (SseClient client = stream(owner.api(), project, "?subscribe_logs=" + run.id() + "@1")) {
            await().atMost(WAIT).until(() -> linesOf(client, run).size() == 1);
            append(run, "[10:00:02] killed without a newline".getBytes(StandardCharsets.UTF_8));
            fail(run, true);

            await().atMost(WAIT).until(() -> linesOf(client, run).size() == 2);
            assertThat(linesOf(client, run).get(1).json().path("line").asString())
                    .isEqualTo("[10:00:02] killed without a newline");
            Event failed = client.await("agent:failed");
            assertThat(failed.json().path("will_retry").asBoolean()).isTrue();
            assertThat(failed.json().path("error_message").asString()).isEqualTo("exit 1");
            assertThat(failed.json().has("next_attempt_at")).isTrue();
        }
    }
}
