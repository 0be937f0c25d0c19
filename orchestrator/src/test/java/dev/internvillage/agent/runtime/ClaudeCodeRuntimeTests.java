package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claude-code runtime against a fake {@code claude} on the agent's PATH that replays a recorded
 * stream-json transcript, in the sandbox: the sandbox keeps no Claude session between runs, so a
 * follow-up starts a fresh one and says why. The prompt, and a message the user sends while it runs,
 * reach it as stream-json user messages on its stdin.
 */
class ClaudeCodeRuntimeTests extends FakeCliRuntimeTestBase {

    private static final Path DATA_DIR = createDataDir();
    private static final Path FAKE = FakeCli.directory("claude", "/agents/claude-transcript.jsonl", true);
    private static final List<String> FIXED_ARGUMENTS = List.of(
            "--print",
            "--dangerously-skip-permissions",
            "--input-format",
            "stream-json",
            "--output-format",
            "stream-json",
            "--verbose");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-claude");
        registry.add("AGENT_RUNTIME", () -> "claude-code");
        registry.add("AGENT_SANDBOX", () -> "bwrap");
        registry.add("AGENT_BACKOFF_BASE_MS", () -> "100");
        registry.add("AGENT_EXTRA_PATH", FAKE::toString);
    }

    @AfterEach
    void noWaiting() throws IOException {
        Files.deleteIfExists(FAKE.resolve("wait-for-message"));
    }

    @Test
    void theStreamJsonBecomesLogLinesTheRunHasModelTokensCostAndSessionAndTheSandboxedFollowUpStartsFresh() {
        Api api = newUser();

        Flow flow = planAndWorkWithOneFollowUp(api);

        long tokens = ClaudeStreamRendererTests.TRANSCRIPT_TOKENS;
        assertUsage(flow.planner(), "claude-code", "claude-sonnet-4-5-20250929", tokens, 0.0812);
        assertThat(flow.planner().path("session_id").asString()).isEqualTo(ClaudeStreamRendererTests.SESSION);
        assertThat(log(api, flow.planner()))
                .contains("] Session started: model claude-sonnet-4-5-20250929, 12 tools")
                .contains("] → Bash: git ls-files | head -50")
                .contains("] ← error: /bin/bash: line 1: python: command not found")
                .contains("] Storage first, then the UI and sorting in parallel.")
                .contains("] Finished after 48.2 s, 6 turns, " + tokens + " tokens, $0.0812")
                .doesNotContain("\"type\":\"assistant\"");
        assertUsage(flow.firstWorker(), "claude-code", "claude-sonnet-4-5-20250929", tokens, 0.0812);
        assertUsage(flow.followUp(), "claude-code", "claude-sonnet-4-5-20250929", tokens, 0.0812);
        assertThat(flow.subtask().path("token_usage").asLong()).isEqualTo(2 * tokens);
        assertThat(flow.subtask().path("cost_usd").asDouble()).isCloseTo(2 * 0.0812, CENT_FRACTION);
        assertEventsCarryUsage(flow);

        assertThat(flow.followUp().path("resumed_session_id").isNull()).isTrue();
        assertThat(log(api, flow.followUp()))
                .contains("Fresh session: the sandbox keeps no claude-code sessions between runs");
        List<String> calls = FakeCli.arguments(DATA_DIR, flow.projectId(), flow.taskId(), flow.subtaskId());
        assertThat(calls).containsExactly(String.join(" ", FIXED_ARGUMENTS), String.join(" ", FIXED_ARGUMENTS));
        assertThat(FakeCli.stdin(DATA_DIR, flow.projectId(), flow.taskId(), null))
                .singleElement()
                .satisfies(
                        line -> assertThat(json(line).path("type").asString()).isEqualTo("user"))
                .satisfies(line -> assertThat(text(line)).contains("Add due dates"));
    }

    @Test
    void aMessageToTheRunningAgentIsAStreamJsonUserMessageOnItsStdinAndInTheLog() throws IOException {
        Files.createFile(FAKE.resolve("wait-for-message"));
        Api api = newUser();
        String projectId = createProject(api);
        String taskId = createTask(api, projectId, "Add due dates", "Items get a due date");
        JsonNode run = await().atMost(AGENT_WAIT)
                .until(
                        () -> plannerRuns(api, taskId),
                        runs -> runs.size() == 1
                                && runs.get(0).path("accepts_input").asBoolean()
                                && log(api, runs.get(0)).contains("Waiting for your message"))
                .get(0);

        ApiResponse sent =
                api.post("/api/runs/" + run.path("id").asString() + "/messages", "{\"text\": \"Use ISO dates\"}");

        assertThat(sent.status()).as("%s", sent).isEqualTo(202);
        awaitTask(api, taskId, "ACTIVE");
        List<String> stdin = FakeCli.stdin(DATA_DIR, projectId, taskId, null);
        assertThat(stdin).hasSize(2);
        assertThat(json(stdin.get(1)).path("message").path("role").asString()).isEqualTo("user");
        assertThat(text(stdin.get(1))).isEqualTo("Use ISO dates");
        assertThat(log(api, plannerRuns(api, taskId).get(0)))
                .contains("] [you] Use ISO dates")
                .contains("] Finished after 48.2 s");
    }

    private static JsonNode json(String line) {
        return JsonMapper.builder().build().readTree(line);
    }

    /** The text of a stream-json user message. */
    private static String text(String line) {
        return json(line).path("message").path("content").get(0).path("text").asString();
    }
}
