package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.project.ProjectId;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.SseClient.Event;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A client that stops reading is closed; the others on the project get everything, unhindered. */
class SlowConsumerApiTests extends EventsTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LINE_NUMBER = Pattern.compile("\"line_number\":(\\d+)");

    @Autowired
    EventMetrics metrics;

    @Autowired
    EventHub hub;

    @Test
    void aStalledConsumerIsDisconnectedWhileAFastOneOnTheSameProjectReceivesEverything() throws Exception {
        // GIVEN a running agent, a fast client and a client that never reads, both following its log
        Owner owner = owner();
        RunningAgent agent = runningAgent(owner);
        String project = agent.project();
        AgentRun run = agent.run();
        String query = "?subscribe_logs=" + run.id() + "@1";
        double slowBefore = metrics.slowDisconnects.count();
        ProjectId projectId = agent.projectId();

        try (Socket stalled = rawStream(owner, project, query);
                SseClient fast = stream(owner.api(), project, query)) {
            fast.await(EventPayloads.CONNECTED);
            await().atMost(WAIT).until(() -> hub.subscribersOf(projectId).size() == 2);

            // WHEN the agent writes 1 KB lines until the stalled client's buffers and queue overflow
            String padding = "x".repeat(990);
            int written = 0;
            while (metrics.slowDisconnects.count() == slowBefore && written < 40_000) {
                int from = written + 1;
                appendLines(
                        run,
                        IntStream.range(from, from + 50)
                                .mapToObj(n -> "[10:00:00] %06d %s".formatted(n, padding))
                                .toArray(String[]::new));
                written += 50;
                int target = written;
                // the fast client keeps up; the test only waits for it so as not to outrun it
                await().atMost(WAIT).until(() -> fast.events("agent:log").size() >= target - 500);
            }
            for (int i = 0; i < 10; i++) {
                int from = written + 1;
                appendLines(
                        run,
                        IntStream.range(from, from + 50)
                                .mapToObj(n -> "[10:00:00] %06d %s".formatted(n, padding))
                                .toArray(String[]::new));
                written += 50;
            }
            int total = written;

            // THEN the stalled one was closed as too slow, and only it
            assertThat(metrics.slowDisconnects.count()).isEqualTo(slowBefore + 1);
            assertThat(hub.subscribersOf(projectId)).hasSize(1);
            // AND the fast one received every line, once, in order
            await().atMost(WAIT).until(() -> fast.events("agent:log").size() >= total);
            assertThat(fast.events("agent:log").stream()
                            .map(e -> e.json().path("line_number").asInt()))
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, total).boxed().toList());
            assertThat(fast.ended()).isFalse();
            // AND the stalled client, once it reads, finds a gapless beginning and the end of the stream
            stalled.setSoTimeout(30_000);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (InputStream in = stalled.getInputStream()) {
                in.transferTo(received);
            }
            List<Integer> got = new ArrayList<>();
            Matcher m = LINE_NUMBER.matcher(received.toString(StandardCharsets.UTF_8));
            while (m.find()) {
                got.add(Integer.parseInt(m.group(1)));
            }
            assertThat(got).isNotEmpty().hasSizeLessThan(total);
            assertThat(got)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, got.size()).boxed().toList());
            List<Event> fastLines = fast.events("agent:log");
            assertThat(fastLines).hasSize(total);
        }
    }
}
