package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The claude-code runtime against a fake {@code claude} on the agent's PATH that replays a recorded
 * stream-json transcript, in the sandbox: the sandbox keeps no Claude session between runs, so a
 * follow-up starts a fresh one and says why.
 */
class ClaudeCodeRuntimeTests extends FakeCliRuntimeTestBase {

    private static final Path DATA_DIR = createDataDir();
    private static final List<String> FIXED_ARGUMENTS =
            List.of("--print", "--dangerously-skip-permissions", "--output-format", "stream-json", "--verbose");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-claude");
        registry.add("AGENT_RUNTIME", () -> "claude-code");
        registry.add("AGENT_SANDBOX", () -> "bwrap");
        registry.add("AGENT_BACKOFF_BASE_MS", () -> "100");
        registry.add(
                "AGENT_EXTRA_PATH",
                () -> FakeCli.directory("claude", "/agents/claude-transcript.jsonl")
                        .toString());
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
    }
}
