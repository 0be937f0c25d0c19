package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.SseClient;
import dev.internvillage.testing.SseClient.Event;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Stopping a run reaches the stream as the run's failure, with no retry announced. */
class StopRunEventsApiTests extends EventsTestBase {

    @Test
    void stoppingARunSendsAgentFailedWithoutARetry() {
        Owner owner = owner();
        RunningAgent agent = runningAgent(owner);

        try (SseClient client = stream(owner.api(), agent.project(), "")) {
            client.await(EventPayloads.CONNECTED);

            ApiResponse stopped = owner.api().post("/api/runs/" + agent.run().id() + "/cancel");

            assertThat(stopped.status()).as("%s", stopped).isEqualTo(200);
            Event failed = client.await(EventPayloads.AGENT_FAILED);
            JsonNode data = failed.json();
            assertThat(data.path("run_id").asString())
                    .isEqualTo(agent.run().id().toString());
            assertThat(data.path("error_message").asString()).isEqualTo("stopped by you");
            assertThat(data.path("will_retry").asBoolean()).isFalse();
            assertThat(data.path("next_attempt_at").isNull()).isTrue();
        }
        ApiResponse again = owner.api().post("/api/runs/" + agent.run().id() + "/cancel");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorMessage()).contains("already ended");
    }
}
