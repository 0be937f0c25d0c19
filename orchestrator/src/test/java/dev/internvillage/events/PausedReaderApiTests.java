package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.project.ProjectId;
import io.micrometer.core.instrument.Counter;
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
import org.springframework.test.context.TestPropertySource;

/**
 * A client that stops reading for a while, then reads again, gets every line once and in order:
 * the socket fills up, the rest of a write waits for the container's "writable" callback, later
 * events wait in the stream's queue, and all of it goes out once the client reads. The queue is made
 * large enough here that the client is not closed as too slow. No heartbeats:
 * a queued heartbeat would wake the stream, so only the container's "writable" callback resumes it.
 */
@TestPropertySource(properties = {"EVENT_CHANNEL_BUFFER=50000", "SSE_HEARTBEAT_INTERVAL_MS=3600000"})
class PausedReaderApiTests extends EventsTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LINE_NUMBER = Pattern.compile("\"line_number\":(\\d+)");
    private static final int LINES = 8_000; // about 8 MB: more than the socket buffers (4 MB at most here)

    @Autowired
    EventMetrics metrics;

    @Autowired
    EventHub hub;

    @Test
    void aClientThatPausesGetsEveryLineOnceInOrderWhenItReadsAgain() throws Exception {
        // GIVEN a running agent and a client with a small receive buffer following its log
        Owner owner = owner();
        RunningAgent agent = runningAgent(owner);
        AgentRun run = agent.run();
        ProjectId projectId = agent.projectId();
        Counter started = metrics.streamsStarted;
        double startedBefore = started.count();
        double slowBefore = metrics.slowDisconnects.count();

        try (Socket client = rawStream(owner, agent.project(), "?subscribe_logs=" + run.id() + "@1")) {
            await().atMost(WAIT).until(() -> hub.subscribersOf(projectId).size() == 1);
            Subscriber stream = hub.subscribersOf(projectId).getFirst();
            // the hub knows the stream from its checks on; it counts as started once its beginning is out
            await().atMost(WAIT).until(() -> started.count() == startedBefore + 1);

            // WHEN the agent writes about 8 MB of lines while the client reads nothing
            String padding = "x".repeat(990);
            for (int from = 1; from <= LINES; from += 500) {
                appendLines(
                        run,
                        IntStream.range(from, from + 500)
                                .mapToObj(n -> "[10:00:00] %06d %s".formatted(n, padding))
                                .toArray(String[]::new));
            }
            // the socket is full: lines wait in the stream's queue
            await().atMost(WAIT).until(() -> stream.queued() > 0);

            // THEN once the client reads, it gets every line, once, in order, and the stream stays open
            client.setSoTimeout(30_000);
            List<Integer> got = new ArrayList<>();
            ByteArrayOutputStream unparsed = new ByteArrayOutputStream();
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (got.size() < LINES) {
                int n = in.read(buffer);
                assertThat(n).as("the stream ended after %d lines", got.size()).isPositive();
                unparsed.write(buffer, 0, n);
                String text = unparsed.toString(StandardCharsets.UTF_8);
                int end = text.lastIndexOf("\n\n");
                if (end >= 0) {
                    Matcher m = LINE_NUMBER.matcher(text.substring(0, end));
                    while (m.find()) {
                        got.add(Integer.parseInt(m.group(1)));
                    }
                    byte[] rest = text.substring(end + 2).getBytes(StandardCharsets.UTF_8);
                    unparsed.reset();
                    unparsed.write(rest);
                }
            }
            assertThat(got)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, LINES).boxed().toList());
            assertThat(metrics.slowDisconnects.count()).isEqualTo(slowBefore);
            assertThat(stream.isClosed()).isFalse();
        }
    }
}
