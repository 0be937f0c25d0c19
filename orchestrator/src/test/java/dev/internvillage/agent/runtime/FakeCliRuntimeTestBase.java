package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Offset;
import tools.jackson.databind.JsonNode;

/**
 * A runtime against its fake CLI ({@link FakeCli}): a task is planned, and its one subtask is worked
 * on twice, the first attempt failing on purpose so that a follow-up (a retry) comes after it.
 */
abstract class FakeCliRuntimeTestBase extends AgentTestBase {

    static final Offset<Double> CENT_FRACTION = Offset.offset(0.000001);

    /** What the flow left: the ids, the planner's run, the worker's two runs and the events seen. */
    record Flow(
            String projectId,
            String taskId,
            String subtaskId,
            JsonNode planner,
            JsonNode firstWorker,
            JsonNode followUp,
            JsonNode subtask,
            List<SseClient.Event> completed,
            List<SseClient.Event> failed) {}

    Flow planAndWorkWithOneFollowUp(Api api) {
        String projectId = createProject(api);
        try (SseClient stream =
                SseClient.connect(baseUrl() + "/api/projects/" + projectId + "/events", api.cookie(), null)) {
            stream.await("connected");
            String taskId = createTask(api, projectId, "Add due dates", "Items get a due date");
            awaitTask(api, taskId, "ACTIVE");
            String subtaskId = subtasks(api, taskId).get(0).path("id").asString();
            assertThat(api.post("/api/subtasks/" + subtaskId + "/start").status())
                    .isEqualTo(200);
            JsonNode subtask = awaitSubtask(api, subtaskId, status("COMPLETED"));
            JsonNode workers = workerRuns(api, subtaskId);
            assertThat(workers).hasSize(2);
            assertThat(workers.get(0).path("status").asString()).isEqualTo("FAILED");
            assertThat(workers.get(1).path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(workers.get(1).path("reason").asString()).isEqualTo("retry");
            stream.await(
                    e -> e.type().equals("agent:completed")
                            && e.json().path("subtask_id").asString("").equals(subtaskId),
                    Duration.ofSeconds(30));
            return new Flow(
                    projectId,
                    taskId,
                    subtaskId,
                    plannerRuns(api, taskId).get(0),
                    workers.get(0),
                    workers.get(1),
                    subtask,
                    stream.events("agent:completed"),
                    stream.events("agent:failed"));
        }
    }

    String log(Api api, JsonNode run) {
        return api.get("/api/runs/" + run.path("id").asString() + "/logs")
                .json()
                .path("content")
                .asString();
    }

    /** The run's model, its token split adding up to its total, and its cost (null: none known). */
    static void assertUsage(JsonNode run, String runtime, String model, long tokens, Double cost) {
        assertThat(run.path("runtime").asString()).isEqualTo(runtime);
        assertThat(run.path("model").asString(null)).isEqualTo(model);
        assertThat(run.path("token_usage").asLong()).isEqualTo(tokens);
        assertThat(run.path("input_tokens").asLong()
                        + run.path("output_tokens").asLong()
                        + run.path("cache_read_tokens").asLong()
                        + run.path("cache_write_tokens").asLong())
                .isEqualTo(tokens);
        if (cost == null) {
            assertThat(run.path("cost_usd").isNull()).as("cost of %s", run).isTrue();
        } else {
            assertThat(run.path("cost_usd").asDouble()).isCloseTo(cost, CENT_FRACTION);
        }
    }

    /** The follow-up continued the first attempt's session, said so in its log, and the fake got the flag. */
    void assertResumed(Api api, Path dataDir, Flow flow, String session, List<String> resumeArguments) {
        assertThat(flow.firstWorker().path("session_id").asString()).isEqualTo(session);
        assertThat(flow.firstWorker().path("resumed_session_id").isNull()).isTrue();
        assertThat(flow.followUp().path("resumed_session_id").asString()).isEqualTo(session);
        assertThat(log(api, flow.followUp())).contains("Resuming session " + session + " of attempt 1");
        List<String> calls = FakeCli.arguments(dataDir, flow.projectId(), flow.taskId(), flow.subtaskId());
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).doesNotContain(session);
        assertThat(calls.get(1)).contains(String.join(" ", resumeArguments));
        assertThat(flow.completed())
                .filteredOn(e -> e.json().path("subtask_id").asString("").equals(flow.subtaskId()))
                .singleElement()
                .satisfies(e -> assertThat(e.json().path("resumed_session_id").asString())
                        .isEqualTo(session));
    }

    /** The events of the run's end carry its model, tokens and cost, as the run does. */
    static void assertEventsCarryUsage(Flow flow) {
        SseClient.Event planner = flow.completed().stream()
                .filter(e -> e.json()
                        .path("run_id")
                        .asString()
                        .equals(flow.planner().path("id").asString()))
                .findFirst()
                .orElseThrow();
        for (String field : List.of(
                "model",
                "cost_usd",
                "token_usage",
                "input_tokens",
                "output_tokens",
                "cache_read_tokens",
                "cache_write_tokens")) {
            assertThat(planner.json().path(field))
                    .as(field)
                    .isEqualTo(flow.planner().path(field));
        }
        SseClient.Event failed = flow.failed().stream()
                .filter(e -> e.json()
                        .path("run_id")
                        .asString()
                        .equals(flow.firstWorker().path("id").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(failed.json().path("model")).isEqualTo(flow.firstWorker().path("model"));
        assertThat(failed.json().path("cost_usd")).isEqualTo(flow.firstWorker().path("cost_usd"));
        assertThat(failed.json().path("token_usage").asLong())
                .isEqualTo(flow.firstWorker().path("token_usage").asLong());
    }
}
