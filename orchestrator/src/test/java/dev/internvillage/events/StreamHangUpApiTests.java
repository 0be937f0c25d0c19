package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.events.hub.EventHub;
import dev.internvillage.project.ProjectId;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiTestBase;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A client that hangs up is forgotten at once, not at the stream's next write: with an hour between
 * heartbeats and no events, only noticing the closed socket can free the stream.
 */
@TestPropertySource(properties = {"SSE_HEARTBEAT_INTERVAL_S=3600"})
class StreamHangUpApiTests extends ApiTestBase {

    @Autowired
    private EventHub hub;

    @Test
    void aClientThatHangsUpIsForgottenWithoutWaitingForAWrite() throws Exception {
        Api api = newUser();
        String project = createProject(api);
        ProjectId projectId = new ProjectId(UUID.fromString(project));

        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", port));
            client.getOutputStream()
                    .write(("GET /api/projects/" + project + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Accept: text/event-stream\r\nCookie: " + api.cookie() + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            client.setSoTimeout(10_000);
            InputStream in = client.getInputStream();
            StringBuilder received = new StringBuilder();
            while (!received.toString().contains("event: connected")) {
                int b = in.read();
                assertThat(b).as("the stream ended before connected").isNotNegative();
                received.append((char) b);
            }
            assertThat(hub.subscribersOf(projectId)).hasSize(1);
        }

        await().atMost(Duration.ofSeconds(5))
                .until(() -> hub.subscribersOf(projectId).isEmpty());
    }
}
