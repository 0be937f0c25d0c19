package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.project.ProjectId;
import dev.internvillage.testing.SseClient;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A client that stops reading for good, with its socket full, past the container's own timeouts.
 * Tomcat gives an upgraded connection no read or write timeout of its own (it leaves them to the
 * upgraded protocol), so its {@code connection-timeout}, set to one second here, must neither end
 * the stream early nor keep it alive: the stream's own {@code SSE_CONNECTION_TIMEOUT_S} ends it,
 * the socket is closed although bytes still wait to be written, and the hub and the user's stream
 * count forget it.
 */
@TestPropertySource(
        properties = {
            "EVENT_CHANNEL_BUFFER=50000",
            "SSE_HEARTBEAT_INTERVAL_MS=3600000",
            // long enough for 8 MB of lines to fill the socket on a loaded machine, before the timeout
            "SSE_CONNECTION_TIMEOUT_S=20",
            "server.tomcat.connection-timeout=1s"
        })
class FullSocketApiTests extends EventsTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    EventHub hub;

    @Test
    void aStreamWhoseClientNeverReadsAgainEndsAtItsTimeoutAndIsForgotten() throws Exception {
        // GIVEN a client that follows a run's log and never reads
        Owner owner = owner();
        RunningAgent agent = runningAgent(owner);
        AgentRun run = agent.run();
        ProjectId projectId = agent.projectId();
        try (Socket client = rawStream(owner, agent.project(), "?subscribe_logs=" + run.id() + "@1")) {
            await().atMost(WAIT).until(() -> hub.subscribersOf(projectId).size() == 1);
            Subscriber stream = hub.subscribersOf(projectId).getFirst();

            // WHEN the agent writes more than the socket buffers hold
            String padding = "x".repeat(990);
            for (int from = 1; from <= 8_000; from += 500) {
                appendLines(
                        run,
                        IntStream.range(from, from + 500)
                                .mapToObj(n -> "[10:00:00] %06d %s".formatted(n, padding))
                                .toArray(String[]::new));
            }
            await().atMost(WAIT).until(() -> stream.queued() > 0);

            // THEN the full socket outlives the container's one-second timeout...
            await().during(Duration.ofMillis(1_500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> !stream.isClosed());
            // ...and ends at the stream's own timeout, forgotten by the hub
            await().atMost(WAIT).until(stream::isClosed);
            assertThat(stream.closeReason()).isEqualTo("timeout");
            await().atMost(WAIT).until(() -> hub.subscribersOf(projectId).isEmpty());

            // the client reads what had reached it, then the end of the stream
            client.setSoTimeout(30_000);
            assertThat(readToEnd(client.getInputStream()))
                    .as("the server closed the connection")
                    .isTrue();
        }
        // the user's stream count was given back: as many streams as allowed (3 in tests) open at once
        try (SseClient first = stream(owner.api(), agent.project(), "");
                SseClient second = stream(owner.api(), agent.project(), "");
                SseClient third = stream(owner.api(), agent.project(), "")) {
            assertThat(java.util.List.of(first.status(), second.status(), third.status()))
                    .containsOnly(200);
        }
    }

    /** Reads until the server closes the connection (true) or resets it (also an end). */
    private static boolean readToEnd(InputStream in) throws Exception {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // what the socket held before the close
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }
}
