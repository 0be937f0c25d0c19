package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.log.EventLog;
import dev.internvillage.events.log.EventLogPruner;
import dev.internvillage.project.ProjectId;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.FailureInjector;
import dev.internvillage.testing.Plans;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.SseClient.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Nothing lost, nothing phantom: replay after a disconnect, resync, and rolled-back changes. */
class ReplayApiTests extends EventsTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    EventLog eventLog;

    @Autowired
    EventLogPruner pruner;

    @Autowired
    FailureInjector failures;

    @Autowired
    EventHub hub;

    private static List<Event> withIds(SseClient client) {
        return client.events().stream()
                .filter(e -> e.id() != null && !e.type().equals("connected"))
                .toList();
    }

    @Test
    void aClientReconnectingWithLastEventIdDuringABurstMissesNothingAndEndsEqualToTheDatabase() throws Exception {
        // GIVEN a board of ten independent subtasks and a client watching it
        Owner owner = owner();
        String project = createProject(owner.api());
        TaskId task = task(owner.api(), project);
        Plans plan = Plans.plan();
        for (int i = 1; i <= 10; i++) {
            plan.subtask("s" + i);
        }
        List<Subtask> subtasks = importPlan(task, plan.build());
        SseClient first = stream(owner.api(), project, "");
        long start = first.await(EventPayloads.CONNECTED).idNumber();

        // WHEN five threads make 1,000 status changes (100 per subtask) ...
        ExecutorService threads = Executors.newFixedThreadPool(5);
        List<CompletableFuture<Void>> burst = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            List<Subtask> mine = subtasks.subList(t * 2, t * 2 + 2);
            burst.add(CompletableFuture.runAsync(
                    () -> {
                        for (Subtask s : mine) {
                            subtaskService.start(owner.current(), s.id());
                            for (int i = 1; i < 100; i++) {
                                if (i % 2 == 1) {
                                    subtaskService.recordWorkFailed(s.id(), 1);
                                } else {
                                    subtaskService.retry(owner.current(), s.id());
                                }
                            }
                        }
                    },
                    threads));
        }
        // ... and the connection drops part-way through
        await().atMost(WAIT).until(() -> withIds(first).size() >= 250);
        first.close();
        await().atMost(WAIT).until(first::ended);
        List<Event> before = withIds(first);
        String lastEventId = before.getLast().id();
        assertThat(burst.stream().allMatch(CompletableFuture::isDone))
                .as("the burst is still going when the client reconnects")
                .isFalse();
        SseClient second = stream(owner.api(), project, "", lastEventId);
        CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get();
        threads.shutdown();
        long head = eventLog.head(new ProjectId(UUID.fromString(project)));
        await().atMost(WAIT).until(() -> {
            List<Event> after = withIds(second);
            return !after.isEmpty() && after.getLast().idNumber() == head;
        });
        second.close();

        // THEN the two connections together saw every event exactly once, in log order
        List<Event> all = new ArrayList<>(before);
        all.addAll(withIds(second));
        assertThat(head - start).isEqualTo(1000);
        assertThat(all.stream().map(Event::idNumber))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(start + 1, head).boxed().toList());
        assertThat(second.events().getFirst().type()).isEqualTo("connected");
        assertThat(second.events().getFirst().id()).isEqualTo(lastEventId);
        // AND the board the client pieced together is the board in the database
        Map<String, String> seen = new HashMap<>();
        for (Event e : all) {
            JsonNode data = e.json();
            seen.put(
                    data.path("subtask_id").asString(),
                    data.path("new_status").asString() + "/"
                            + data.path("blocked_reason").asString(""));
        }
        Map<String, String> database = new HashMap<>();
        for (JsonNode s : owner.api().get("/api/tasks/" + task + "/subtasks").json()) {
            database.put(
                    s.path("id").asString(),
                    s.path("status").asString() + "/" + s.path("blocked_reason").asString(""));
        }
        assertThat(seen).isEqualTo(database);
    }

    @Test
    void aCursorOlderThanTheRetainedLogGetsResync() {
        Owner owner = owner();
        String project = createProject(owner.api());
        TaskId task = task(owner.api(), project);
        Subtask first = importPlan(
                        task, Plans.plan().subtask("s1").subtask("s2").build())
                .getFirst();
        ProjectId projectId = new ProjectId(UUID.fromString(project));
        long head = eventLog.head(projectId);
        assertThat(head).isGreaterThanOrEqualTo(4);

        // a cursor still in the log replays
        try (SseClient replay = stream(owner.api(), project, "", "1")) {
            await().atMost(WAIT).until(() -> withIds(replay).size() == head - 1);
            assertThat(replay.events("resync")).isEmpty();
        }
        // once the log is pruned, the same cursor cannot be served
        pruner.pruneOlderThan(Instant.now().plusSeconds(1));
        assertThat(eventLog.size(projectId.value())).isZero();
        for (String cursor : List.of("1", Long.toString(head + 50), "yesterday")) {
            long current = eventLog.head(projectId);
            try (SseClient client = stream(owner.api(), project, "", cursor)) {
                Event resync = client.await("resync");
                assertThat(resync.json().path("reason").asString()).isNotBlank();
                assertThat(resync.idNumber())
                        .as("resync carries the position to go on from")
                        .isEqualTo(current);
                assertThat(client.events().getFirst().type()).isEqualTo("connected");
                if (cursor.equals("1")) {
                    // and the stream goes on live from there
                    subtaskService.start(owner.current(), first.id());
                    Event live = client.await("subtask:status_changed");
                    assertThat(live.idNumber()).isEqualTo(head + 1);
                }
            }
            // a closed stream is noticed at its next write (a heartbeat at the latest)
            await().atMost(WAIT).until(() -> hub.subscribersOf(projectId).isEmpty());
        }
        // a cursor that is exactly the head needs nothing replayed
        try (SseClient current = stream(owner.api(), project, "", Long.toString(head + 1))) {
            current.await(EventPayloads.CONNECTED);
            await().during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> current.events("resync").isEmpty()
                            && withIds(current).isEmpty());
        }
    }

    @Test
    void aRolledBackChangePublishesNothing() {
        Owner owner = owner();
        String project = createProject(owner.api());
        TaskId task = task(owner.api(), project);
        Subtask subtask = importPlan(task, Plans.plan().subtask("s1").build()).getFirst();
        ProjectId projectId = new ProjectId(UUID.fromString(project));

        try (SseClient client = stream(owner.api(), project, "")) {
            long start = client.await(EventPayloads.CONNECTED).idNumber();
            long stored = eventLog.size(projectId.value());

            // WHEN a change fails inside its transaction, after its event was published
            failures.failNextSubtaskChange(task);
            assertThat(owner.api()
                            .post("/api/subtasks/" + subtask.id() + "/start")
                            .status())
                    .isEqualTo(500);
            // ... and the next one succeeds
            assertThat(owner.api()
                            .post("/api/subtasks/" + subtask.id() + "/start")
                            .status())
                    .isEqualTo(200);

            // THEN the stream's next event is the committed change, with the very next id
            Event next = client.await("subtask:status_changed");
            assertThat(next.idNumber()).isEqualTo(start + 1);
            assertThat(withIds(client)).hasSize(1);
            assertThat(eventLog.size(projectId.value())).isEqualTo(stored + 1);
        }
    }
}
