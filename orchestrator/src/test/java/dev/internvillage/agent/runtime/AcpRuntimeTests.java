package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The acp runtime against the fake ACP agent (a node program on the official SDK), unsandboxed: a
 * planner and a worker attempt with their log lines, model, tokens and cost; the worker's JSON-RPC
 * error fails its first attempt and the follow-up loads its session; a message sent to the running
 * agent reaches it and the log; a stop cancels the session before the process ends.
 */
class AcpRuntimeTests extends FakeCliRuntimeTestBase {

    private static final Path DATA_DIR = createDataDir();
    private static final Path CONTROL = createDataDir().resolve("acp-control");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-acp");
        registry.add("AGENT_RUNTIME", () -> "acp");
        registry.add("AGENT_SANDBOX", () -> "none");
        registry.add("AGENT_BACKOFF_BASE_MS", () -> "100");
        registry.add("AGENT_KILL_GRACE_MS", () -> "2000");
        registry.add("AGENT_ACP_COMMAND", () -> {
            try {
                return AcpFake.commandLine(Files.createDirectories(CONTROL));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterEach
    void clearControl() throws IOException {
        for (String file : List.of("wait-for-message", "release", "hang", "cancelled", "received.txt")) {
            Files.deleteIfExists(CONTROL.resolve(file));
        }
    }

    @Test
    void updatesBecomeLogLinesTheErrorFailsTheAttemptAndTheFollowUpLoadsTheSession() {
        Api api = newUser();

        Flow flow = planAndWorkWithOneFollowUp(api);

        assertUsage(flow.planner(), "acp", "fake-model-1", 6600, 0.0123);
        assertThat(flow.planner().path("cache_read_tokens").asLong()).isEqualTo(5000);
        assertThat(flow.planner().path("session_id").asString()).startsWith("fake-session-");
        assertThat(log(api, flow.planner()))
                .contains("] ACP agent acp-fake 1.0.0, protocol 1")
                .contains("] Session started: "
                        + flow.planner().path("session_id").asString())
                .contains("] Thought: The task needs a look at the code first.")
                .contains("] Reading the code.")
                .contains("] Due dates go into the model and the form.")
                .contains("] Plan (2 steps):")
                .contains("]   2. [>] Add the due date")
                .contains("] → Execute: ls -la")
                .contains("] ← README.md … (3 lines)")
                .contains("] Permission for Write work.txt: allowed")
                .contains("] Turn ended (end_turn), 6600 tokens, $0.0123")
                .doesNotContain("\"jsonrpc\"");

        String session = flow.firstWorker().path("session_id").asString();
        assertThat(flow.firstWorker().path("status").asString()).isEqualTo("FAILED");
        assertThat(flow.firstWorker().path("error_message").asString())
                .isEqualTo("the agent answered session/prompt with error -32603:"
                        + " the model is overloaded (failing on purpose)");
        assertThat(flow.followUp().path("resumed_session_id").asString()).isEqualTo(session);
        assertThat(flow.followUp().path("session_id").asString()).isEqualTo(session);
        assertThat(log(api, flow.followUp()))
                .contains("Resuming session " + session + " of attempt 1")
                .contains("] Session loaded: " + session)
                .doesNotContain("REPLAYED HISTORY");
        assertThat(calls(flow, flow.subtaskId()))
                .filteredOn(line -> line.startsWith("session/"))
                .first()
                .asString()
                .startsWith("session/new " + session);
        assertThat(calls(flow, flow.subtaskId())).anyMatch(line -> line.startsWith("session/load " + session + " /"));
        assertUsage(flow.followUp(), "acp", "fake-model-1", 6600, 0.0123);
        // the failed attempt reported its cost (a usage_update) before its error, and it counts
        assertThat(flow.firstWorker().path("cost_usd").asDouble()).isCloseTo(0.0123, CENT_FRACTION);
        assertThat(flow.subtask().path("cost_usd").asDouble()).isCloseTo(2 * 0.0123, CENT_FRACTION);
        assertEventsCarryUsage(flow);
    }

    @Test
    void aMessageToTheRunningAgentReachesItsInputAndTheLog() throws IOException {
        Files.createFile(CONTROL.resolve("wait-for-message"));
        Api api = newUser();
        String projectId = createProject(api);
        String taskId = createTask(api, projectId, "Add due dates", "Items get a due date");
        JsonNode run = awaitRunningPlannerWith(api, taskId, "Waiting for your message");
        assertThat(run.path("accepts_input").asBoolean()).isTrue();
        assertThat(run.path("input_unavailable_reason").isNull()).isTrue();
        String runId = run.path("id").asString();

        assertThat(api.post("/api/runs/" + runId + "/messages", "{\"text\": \"  \"}")
                        .status())
                .isEqualTo(400);
        ApiResponse sent = api.post("/api/runs/" + runId + "/messages", "{\"text\": \"Use ISO dates\"}");
        assertThat(sent.status()).as("%s", sent).isEqualTo(202);
        assertThat(log(api, run)).contains("] [you] Use ISO dates");
        Files.createFile(CONTROL.resolve("release"));

        awaitTask(api, taskId, "ACTIVE");
        assertThat(Files.readString(CONTROL.resolve("received.txt"))).isEqualTo("Use ISO dates");
        JsonNode ended = plannerRuns(api, taskId).get(0);
        assertThat(log(api, ended))
                .contains("] Your message goes to the agent as the next turn")
                .contains("] You said: Use ISO dates");
        assertThat(ended.path("accepts_input").asBoolean()).isFalse();
        ApiResponse late = api.post("/api/runs/" + runId + "/messages", "{\"text\": \"one more\"}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.errorMessage()).isEqualTo("The run has ended: its agent takes no more messages");
        assertThat(ended.path("input_unavailable_reason").asString()).isEqualTo(late.errorMessage());
    }

    @Test
    void stoppingTheRunCancelsTheSessionBeforeTheProcessEnds() throws IOException {
        Files.createFile(CONTROL.resolve("hang"));
        Api api = newUser();
        String projectId = createProject(api);
        String taskId = createTask(api, projectId, "Add due dates", "Items get a due date");
        JsonNode run = awaitRunningPlannerWith(api, taskId, "Working until cancelled");

        assertThat(api.post("/api/runs/" + run.path("id").asString() + "/cancel")
                        .status())
                .isEqualTo(200);

        assertThat(Files.readString(CONTROL.resolve("cancelled"))).startsWith("fake-session-");
        JsonNode stopped = plannerRuns(api, taskId).get(0);
        assertThat(stopped.path("status").asString()).isEqualTo("FAILED");
        assertThat(stopped.path("error_message").asString()).isEqualTo("stopped by you");
        assertThat(log(api, stopped)).contains("] Turn ended (cancelled)").contains("Stopped by you");
    }

    /** The task's planner run once it is RUNNING and its log has {@code line}. */
    private JsonNode awaitRunningPlannerWith(Api api, String taskId, String line) {
        return await().atMost(AGENT_WAIT)
                .until(
                        () -> plannerRuns(api, taskId),
                        runs -> runs.size() == 1
                                && runs.get(0).path("status").asString().equals("RUNNING")
                                && log(api, runs.get(0)).contains(line))
                .get(0);
    }

    private static List<String> calls(Flow flow, String subtaskId) {
        try {
            return Files.readAllLines(DATA_DIR.resolve("logs")
                    .resolve(flow.projectId())
                    .resolve(flow.taskId())
                    .resolve(subtaskId)
                    .resolve("agent-files")
                    .resolve("calls.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
