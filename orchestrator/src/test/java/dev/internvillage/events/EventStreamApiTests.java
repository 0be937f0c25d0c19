package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.Plans;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.SseClient.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The stream over a real socket: connecting, refusals, heartbeats, status events. */
class EventStreamApiTests extends EventsTestBase {

    @Test
    void connectingSendsRetryThenConnectedWithTheActiveRuns() {
        Owner owner = owner();
        String project = createProject(owner.api());
        TaskId task = task(owner.api(), project);
        AgentRun planner = startRun(task, null, 1);

        try (SseClient client = stream(owner.api(), project, "")) {
            Event connected = client.await(EventPayloads.CONNECTED);

            assertStreamOpen(client);
            assertThat(client.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(client.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            assertThat(client.retries()).containsExactly("1000");
            assertThat(client.events().getFirst().type()).isEqualTo("connected");
            JsonNode data = connected.json();
            assertThat(data.path("connection_id").asString()).isNotBlank();
            assertThat(data.path("project_id").asString()).isEqualTo(project);
            JsonNode run = data.path("active_runs").get(0);
            assertThat(data.path("active_runs").size()).isEqualTo(1);
            assertThat(run.path("id").asString()).isEqualTo(planner.id().toString());
            assertThat(run.path("agent_type").asString()).isEqualTo("PLANNER");
            assertThat(run.path("task_id").asString()).isEqualTo(task.toString());
            assertThat(run.has("subtask_id") && run.path("subtask_id").isNull()).isTrue();
            assertThat(run.path("attempt_number").asInt()).isEqualTo(1);
            assertThat(run.path("status").asString()).isEqualTo("RUNNING");
            assertThat(run.path("started_at").asString()).isNotBlank();
            assertThat(connected.idNumber())
                    .as("connected carries the log position the stream starts from")
                    .isGreaterThanOrEqualTo(2);
        }
        JsonNode active =
                owner.api().get("/api/projects/" + project + "/active-runs").json();
        assertThat(active.path("runs").size()).isEqualTo(1);
        assertThat(active.path("runs").get(0).path("id").asString())
                .isEqualTo(planner.id().toString());
    }

    @Test
    void refusalsAreJsonErrorsBeforeTheStreamStarts() {
        Owner owner = owner();
        Owner stranger = owner();
        String project = createProject(owner.api());

        try (SseClient badCookie = SseClient.connect(
                        baseUrl() + "/api/projects/" + project + "/events", "iv_session=forged.value", null);
                SseClient notYours = stream(stranger.api(), project, "");
                SseClient unknown =
                        stream(owner.api(), java.util.UUID.randomUUID().toString(), "");
                SseClient badId = stream(owner.api(), "not-a-uuid", "");
                SseClient tooManySubscriptions = stream(
                        owner.api(),
                        project,
                        "?subscribe_logs=" + String.join(",", java.util.Collections.nCopies(201, "all")))) {
            assertThat(badCookie.status()).isEqualTo(401);
            assertThat(badCookie.error().path("error").path("code").asString()).isEqualTo("UNAUTHORIZED");
            assertThat(notYours.status())
                    .as("another user's project is answered like a missing one")
                    .isEqualTo(404);
            assertThat(notYours.error()).isEqualTo(unknown.error());
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.error().path("error").path("code").asString()).isEqualTo("NOT_FOUND");
            assertThat(badId.status()).isEqualTo(400);
            assertThat(tooManySubscriptions.status()).isEqualTo(400);
            assertThat(tooManySubscriptions.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        }
        assertThat(stranger.api()
                        .get("/api/projects/" + project + "/active-runs")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theConnectionAfterTheMaximumIsRefusedWith429UntilOneCloses() {
        Owner owner = owner();
        String project = createProject(owner.api());
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SseClient client = stream(owner.api(), project, "");
                client.await(EventPayloads.CONNECTED);
                open.add(client);
            }

            try (SseClient fourth = stream(owner.api(), project, "")) {
                assertThat(fourth.status()).isEqualTo(429);
                assertThat(fourth.error().path("error").path("code").asString()).isEqualTo("TOO_MANY_CONNECTIONS");
            }
            try (SseClient otherUser = stream(owner().api(), createProject(owner().api()), "")) {
                // another user's streams are counted separately (it is not the owner: 404, not 429)
                assertThat(otherUser.status()).isNotEqualTo(429);
            }

            open.removeFirst().close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (SseClient again = stream(owner.api(), project, "")) {
                    assertThat(again.status()).isEqualTo(200);
                }
            });
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void heartbeatsArriveAtTheConfiguredInterval() {
        Owner owner = owner();
        String project = createProject(owner.api());

        try (SseClient client = stream(owner.api(), project, "")) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> client.events("heartbeat").size() >= 4);

            List<Event> beats = client.events("heartbeat");
            for (int i = 1; i < beats.size(); i++) {
                long gapMs = (beats.get(i).receivedAt() - beats.get(i - 1).receivedAt()) / 1_000_000;
                assertThat(gapMs).as("gap between heartbeats").isBetween(100L, 2_000L);
            }
            assertThat(beats.getFirst().id()).as("heartbeats carry no id").isNull();
            assertThat(beats.getFirst().json().path("timestamp").asString()).isNotBlank();
        }
    }

    @Test
    void statusChangesArriveInOrderWithConsecutiveIdsAndContractFields() {
        Owner owner = owner();
        String project = createProject(owner.api());

        try (SseClient client = stream(owner.api(), project, "")) {
            long start = client.await(EventPayloads.CONNECTED).idNumber();
            TaskId task = task(owner.api(), project);
            List<Subtask> subtasks = importPlan(
                    task, Plans.plan().subtask("s1").subtask("s2", "s1").build());
            Subtask s1 = subtasks.getFirst();
            owner.api().post("/api/subtasks/" + s1.id() + "/start");

            Event started = client.await(
                    e -> e.type().equals("subtask:status_changed")
                            && e.json().path("new_status").asString().equals("IN_PROGRESS"),
                    Duration.ofSeconds(20));
            List<Event> status = client.events().stream()
                    .filter(e -> e.id() != null && !e.type().equals("connected"))
                    .toList();

            assertThat(status.stream().map(Event::idNumber))
                    .as("ids follow on from the connected event, one by one")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(start + 1, started.idNumber())
                            .boxed()
                            .toList());
            JsonNode created = status.getFirst().json();
            assertThat(status.getFirst().type()).isEqualTo("task:status_changed");
            assertThat(created.path("task_id").asString()).isEqualTo(task.toString());
            assertThat(created.has("old_status") && created.path("old_status").isNull())
                    .isTrue();
            assertThat(created.path("new_status").asString()).isEqualTo("PLANNING");
            assertThat(created.path("changed_at").asString()).isNotBlank();
            assertThat(status.stream().map(Event::type)).contains("subtask:status_changed", "task:status_changed");
            JsonNode blocked = status.stream()
                    .filter(e -> e.type().equals("subtask:status_changed"))
                    .map(Event::json)
                    .filter(j -> j.path("new_status").asString().equals("BLOCKED"))
                    .findFirst()
                    .orElseThrow();
            assertThat(blocked.path("blocked_reason").asString()).isEqualTo("DEPENDENCY");
            assertThat(blocked.path("old_status").asString()).isEqualTo("PENDING");
            assertThat(blocked.path("subtask_id").asString())
                    .isEqualTo(subtasks.get(1).id().toString());
            assertThat(blocked.has("pr_url") && blocked.has("pr_number")).isTrue();
        }
    }

    @Test
    void eachEventReachesTheClientAtOnce() {
        Owner owner = owner();
        String project = createProject(owner.api());
        TaskId task = task(owner.api(), project);
        List<Subtask> subtasks = importPlan(task, Plans.plan().subtask("s1").build());
        String path = "/api/subtasks/" + subtasks.getFirst().id();

        try (SseClient client = stream(owner.api(), project, "")) {
            client.await(EventPayloads.CONNECTED);
            List<Long> delaysMs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int before = client.events("subtask:status_changed").size();
                ApiResponse response =
                        i == 0 ? owner.api().post(path + "/start") : owner.api().post(path + "/retry");
                long answered = System.nanoTime();
                if (i > 0) {
                    assertThat(response.status()).as("retry %s", response).isEqualTo(200);
                }
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> client.events("subtask:status_changed").size() > before);
                Event event = client.events("subtask:status_changed").get(before);
                delaysMs.add(Math.max(0, (event.receivedAt() - answered) / 1_000_000));
                fail(owner, subtasks.getFirst());
                int afterFail = before + 1;
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> client.events("subtask:status_changed").size() > afterFail);
            }
            List<Long> sorted = delaysMs.stream().sorted().toList();
            // the event is sent when the change commits, before the HTTP answer: a stream that
            // buffered would hold it until a heartbeat (250 ms) or a buffer filled
            assertThat(sorted.get(sorted.size() / 2))
                    .as("median delay after the answer, ms: %s", delaysMs)
                    .isLessThan(100);
        }
    }

    @Test
    void metricsAreExposedThroughActuator() {
        Owner owner = owner();
        String project = createProject(owner.api());

        try (SseClient client = stream(owner.api(), project, "")) {
            client.await(EventPayloads.CONNECTED);
            task(owner.api(), project);
            client.await("task:status_changed");

            JsonNode open = owner.api()
                    .get("/actuator/metrics/iv.events.connections.open")
                    .json();
            assertThat(open.path("measurements").get(0).path("value").asDouble())
                    .isGreaterThanOrEqualTo(1);
            for (String name : List.of(
                    "iv.events.published",
                    "iv.events.sent",
                    "iv.events.slow.disconnects",
                    "iv.events.tail.latency",
                    "iv.events.tails.active")) {
                assertThat(owner.api().get("/actuator/metrics/" + name).status())
                        .as(name)
                        .isEqualTo(200);
            }
            assertThat(owner.api()
                            .get("/actuator/metrics/iv.events.published")
                            .json()
                            .path("measurements")
                            .get(0)
                            .path("value")
                            .asDouble())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    private void fail(Owner owner, Subtask subtask) {
        subtaskService.recordWorkFailed(subtask.id(), 1);
    }
}
