package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.Plans;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.SseClient.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/events}: everything in all of a user's projects on one stream, with the contract
 * of a project's stream (ids, Last-Event-ID, log subscriptions), and nothing of anyone else's.
 */
class UserEventStreamApiTests extends EventsTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private SseClient userStream(Owner owner, String query, @Nullable String lastEventId) {
        return SseClient.connect(baseUrl() + "/api/events" + query, owner.api().cookie(), lastEventId);
    }

    private static List<Event> logged(SseClient client) {
        return client.events().stream()
                .filter(e -> e.id() != null && !e.type().equals(EventPayloads.CONNECTED))
                .toList();
    }

    @Test
    void eventsOfAllTheUsersProjectsArriveInOneNumberedSequenceNamingTheirProject() {
        Owner owner = owner();
        Owner stranger = owner();
        String first = createProject(owner.api());
        String second = createProject(owner.api());
        String theirs = createProject(stranger.api());
        try (SseClient client = userStream(owner, "", null)) {
            Event connected = client.await(EventPayloads.CONNECTED);
            assertStreamOpen(client);
            assertThat(connected.json().path("user_id").asString())
                    .isEqualTo(owner.user().id().toString());
            long start = connected.idNumber();

            TaskId a = task(owner.api(), first);
            TaskId b = task(owner.api(), second);
            task(stranger.api(), theirs);
            importPlan(a, Plans.plan().subtask("s1").build());
            importPlan(b, Plans.plan().subtask("s1").build());

            await().atMost(WAIT)
                    .until(() -> logged(client).stream()
                                    .filter(e -> e.type().equals(EventPayloads.SUBTASK_STATUS_CHANGED))
                                    .count()
                            >= 2);
            List<Event> events = logged(client);
            assertThat(events.stream().map(Event::idNumber))
                    .as("one gapless sequence of the user's own")
                    .containsExactlyElementsOf(LongStream.rangeClosed(start + 1, start + events.size())
                            .boxed()
                            .toList());
            assertThat(events.stream().map(e -> e.json().path("project_id").asString()))
                    .as("each event names its project; none is the stranger's")
                    .containsOnly(first, second)
                    .contains(first, second);
            assertThat(events.stream()
                            .filter(e -> e.type().equals(EventPayloads.TASK_STATUS_CHANGED))
                            .map(e -> e.json().path("task_id").asString()))
                    .contains(a.toString(), b.toString());
        }
    }

    @Test
    void aClientResumingWithLastEventIdGetsExactlyWhatItMissedInOrder() {
        Owner owner = owner();
        String first = createProject(owner.api());
        String second = createProject(owner.api());
        List<Subtask> mine = new ArrayList<>();
        mine.addAll(
                importPlan(task(owner.api(), first), Plans.plan().subtask("s1").build()));
        mine.addAll(
                importPlan(task(owner.api(), second), Plans.plan().subtask("s1").build()));

        List<Event> before;
        String lastEventId;
        try (SseClient client = userStream(owner, "", null)) {
            client.await(EventPayloads.CONNECTED);
            subtaskService.start(owner.current(), mine.get(0).id());
            await().atMost(WAIT).until(() -> !logged(client).isEmpty());
            before = logged(client);
            lastEventId = before.getLast().id();
        }
        // while no stream is open, both projects change
        subtaskService.start(owner.current(), mine.get(1).id());
        subtaskService.recordWorkFailed(mine.get(0).id(), 1);
        try (SseClient resumed = userStream(owner, "", lastEventId)) {
            Event connected = resumed.await(EventPayloads.CONNECTED);
            assertThat(connected.id()).isEqualTo(lastEventId);
            await().atMost(WAIT).until(() -> logged(resumed).size() >= 2);
            List<Event> missed = logged(resumed);
            assertThat(missed.stream().map(Event::idNumber))
                    .containsExactlyElementsOf(LongStream.rangeClosed(
                                    Long.parseLong(lastEventId) + 1, Long.parseLong(lastEventId) + missed.size())
                            .boxed()
                            .toList());
            assertThat(missed.stream().map(e -> e.json().path("project_id").asString()))
                    .contains(first, second);
            assertThat(missed.stream().map(e -> e.json().path("subtask_id").asString()))
                    .containsSubsequence(
                            mine.get(1).id().toString(), mine.get(0).id().toString());
        }
    }

    @Test
    void aDeletedProjectsLastEventStaysInTheUsersLogAndTheStreamGoesOn() {
        Owner owner = owner();
        String doomed = createProject(owner.api());
        String kept = createProject(owner.api());
        try (SseClient client = userStream(owner, "", null)) {
            long start = client.await(EventPayloads.CONNECTED).idNumber();
            assertThat(owner.api().delete("/api/projects/" + doomed).status()).isEqualTo(204);
            Event deleted = client.await(EventPayloads.PROJECT_DELETED);
            assertThat(deleted.json().path("project_id").asString()).isEqualTo(doomed);
            assertThat(deleted.idNumber()).isEqualTo(start + 1);

            task(owner.api(), kept);
            client.await(EventPayloads.TASK_STATUS_CHANGED);
            assertThat(client.ended())
                    .as("the user's stream outlives a project")
                    .isFalse();
        }
        try (SseClient resumed = userStream(owner, "", "0")) {
            assertThat(resumed.await(EventPayloads.PROJECT_DELETED)
                            .json()
                            .path("project_id")
                            .asString())
                    .isEqualTo(doomed);
        }
    }

    @Test
    void logSubscriptionsReachRunsOfEveryProjectAndRefuseAnotherUsersRun() {
        Owner owner = owner();
        Owner stranger = owner();
        RunningAgent one = runningAgent(owner);
        RunningAgent two = runningAgent(owner);
        RunningAgent theirs = runningAgent(stranger);
        try (SseClient client =
                userStream(owner, "?subscribe_logs=all," + theirs.run().id(), null)) {
            Event connected = client.await(EventPayloads.CONNECTED);
            assertThat(connected.json().path("active_runs").findValuesAsString("id"))
                    .contains(one.run().id().toString(), two.run().id().toString())
                    .doesNotContain(theirs.run().id().toString());
            Event refused = client.await(EventPayloads.ERROR);
            assertThat(refused.json().path("entry").asString())
                    .isEqualTo(theirs.run().id().toString());

            appendLines(one.run(), "from the first project");
            appendLines(two.run(), "from the second project");
            appendLines(theirs.run(), "not for this user");
            await().atMost(WAIT)
                    .until(() -> client.events(EventPayloads.AGENT_LOG).size() >= 2);
            assertThat(client.events(EventPayloads.AGENT_LOG).stream()
                            .map(e -> e.json().path("line").asString()))
                    .anyMatch(line -> line.contains("from the first project"))
                    .anyMatch(line -> line.contains("from the second project"))
                    .noneMatch(line -> line.contains("not for this user"));
        }
    }

    @Test
    void userAndProjectStreamsShareThePerUserConnectionLimit() {
        Owner owner = owner();
        String project = createProject(owner.api());
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) { // the tests' limit is 3 streams per user
                SseClient c = stream(owner.api(), project, "");
                c.await(EventPayloads.CONNECTED);
                open.add(c);
            }
            SseClient third = userStream(owner, "", null);
            open.add(third);
            third.await(EventPayloads.CONNECTED);
            try (SseClient fourth = userStream(owner, "", null)) {
                assertThat(fourth.status()).isEqualTo(429);
                assertThat(fourth.error().path("error").path("code").asString()).isEqualTo("TOO_MANY_CONNECTIONS");
            }
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void aRunOfAnyProjectAppearsOnTheUsersStream() {
        Owner owner = owner();
        RunningAgent agent = runningAgent(owner);
        try (SseClient client = userStream(owner, "", null)) {
            client.await(EventPayloads.CONNECTED);
            AgentRun done = succeed(agent.run(), null);
            Event completed = client.await(EventPayloads.AGENT_COMPLETED);
            assertThat(completed.json().path("run_id").asString())
                    .isEqualTo(done.id().toString());
            assertThat(completed.json().path("project_id").asString()).isEqualTo(agent.project());
        }
    }
}
