package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.SseClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The stream closes after its lifetime ({@code SSE_CONNECTION_TIMEOUT_S} is the test's finer unit). */
@TestPropertySource(properties = {"SSE_CONNECTION_TIMEOUT_S=2", "SSE_HEARTBEAT_INTERVAL_MS=500"})
class StreamTimeoutApiTests extends ApiTestBase {

    @Test
    void theStreamClosesWhenItsTimeIsUp() {
        Api api = newUser();
        String project = createProject(api);
        long opened = System.nanoTime();

        try (SseClient client =
                SseClient.connect(baseUrl() + "/api/projects/" + project + "/events", api.cookie(), null)) {
            client.await(EventPayloads.CONNECTED);
            await().atMost(Duration.ofSeconds(20)).until(client::ended);

            long lifetimeMs = (System.nanoTime() - opened) / 1_000_000;
            assertThat(lifetimeMs).isBetween(1_500L, 10_000L);
            assertThat(client.events("heartbeat")).isNotEmpty();
        }
    }
}
