package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.events.log.EventLog;
import dev.internvillage.project.ProjectId;
import dev.internvillage.task.Subtask;
import dev.internvillage.testing.Plans;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.SseClient.Event;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A reconnect storm: 2,000 streams dropped at once come back at once with their Last-Event-ID while
 * the project keeps changing, and every one of them receives every event it missed, once, in order.
 * Real sockets, one virtual thread per client; nothing here is timed.
 */
@TestPropertySource(properties = "SSE_MAX_CONNECTIONS_PER_USER=5000")
class ReconnectStormApiTests extends EventsTestBase {

    private static final int STREAMS = 2000;
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Autowired
    EventLog eventLog;

    /** Thousands of connects at once on a 2-core machine: the client waits as long as a browser would. */
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(60)).build();

    private SseClient connect(Owner owner, String project, @Nullable String lastEventId) {
        return SseClient.connect(
                client,
                baseUrl() + "/api/projects/" + project + "/events",
                owner.api().cookie(),
                lastEventId);
    }

    /** One status change each: a subtask started, failed, retried, failed, ... */
    private void changes(Owner owner, Subtask subtask, int count) {
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                subtaskService.recordWorkFailed(subtask.id(), 1);
            } else {
                subtaskService.retry(owner.current(), subtask.id());
            }
        }
    }

    private static List<Event> logged(SseClient client) {
        return client.events().stream()
                .filter(e -> e.id() != null && !e.type().equals(EventPayloads.CONNECTED))
                .toList();
    }

    private static List<SseClient> connectAll(ExecutorService threads, Function<Integer, SseClient> connect) {
        List<CompletableFuture<SseClient>> opening = IntStream.range(0, STREAMS)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> connect.apply(i), threads))
                .toList();
        return opening.stream().map(CompletableFuture::join).toList();
    }

    private static long lastId(SseClient client, long otherwise) {
        List<Event> events = logged(client);
        return events.isEmpty() ? otherwise : events.getLast().idNumber();
    }

    @Test
    void twoThousandDroppedStreamsReconnectAtOnceAndEachGetsEveryMissedEventOnceInOrder() throws Exception {
        Owner owner = owner();
        String project = createProject(owner.api());
        ProjectId projectId = new ProjectId(UUID.fromString(project));
        Subtask subtask = importPlan(
                        task(owner.api(), project), Plans.plan().subtask("s1").build())
                .getFirst();
        subtaskService.start(owner.current(), subtask.id());

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // GIVEN 2,000 open streams that have seen the first events
            List<SseClient> first = connectAll(threads, i -> connect(owner, project, null));
            first.forEach(EventsTestBase::assertStreamOpen);
            await().atMost(WAIT)
                    .until(() -> first.stream()
                            .allMatch(c -> !c.events(EventPayloads.CONNECTED).isEmpty()));
            changes(owner, subtask, 10);
            long seen = eventLog.head(projectId);
            await().atMost(WAIT).until(() -> first.stream().allMatch(c -> lastId(c, -1) == seen));

            // WHEN they are all dropped at once, the project changes while they are away ...
            first.forEach(SseClient::close);
            await().atMost(WAIT).until(() -> first.stream().allMatch(SseClient::ended));
            changes(owner, subtask, 20);
            // ... and they all come back at once while it keeps changing
            CompletableFuture<Void> during = CompletableFuture.runAsync(() -> changes(owner, subtask, 20), threads);
            List<String> resumeFrom =
                    first.stream().map(c -> Long.toString(lastId(c, -1))).toList();
            List<SseClient> second = connectAll(threads, i -> connect(owner, project, resumeFrom.get(i)));
            during.join();
            long head = eventLog.head(projectId);

            // THEN every stream receives exactly the events after the one it last saw, once, in order
            try {
                second.forEach(EventsTestBase::assertStreamOpen);
                await().atMost(WAIT).until(() -> second.stream().allMatch(c -> lastId(c, -1) == head));
                List<Long> expected =
                        LongStream.rangeClosed(seen + 1, head).boxed().toList();
                assertThat(expected).hasSize(40);
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < STREAMS; i++) {
                    List<Long> got =
                            logged(second.get(i)).stream().map(Event::idNumber).toList();
                    if (!got.equals(expected)) {
                        wrong.add("stream " + i + ": " + got);
                    }
                    assertThat(second.get(i).events(EventPayloads.RESYNC)).isEmpty();
                }
                assertThat(wrong)
                        .as("streams that missed, repeated or reordered an event")
                        .isEmpty();
            } finally {
                second.forEach(SseClient::close);
            }
        }
    }
}
