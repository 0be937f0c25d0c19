package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gemini runtime against a fake {@code gemini} replaying a recorded stream-json transcript,
 * unsandboxed: the model comes from the stream, the cost from the price table, and a follow-up
 * resumes the session with {@code --resume}.
 */
class GeminiRuntimeTests extends FakeCliRuntimeTestBase {

    private static final Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-gemini");
        registry.add("AGENT_RUNTIME", () -> "gemini");
        registry.add("AGENT_SANDBOX", () -> "none");
        registry.add("AGENT_BACKOFF_BASE_MS", () -> "100");
        registry.add(
                "AGENT_EXTRA_PATH",
                () -> FakeCli.directory("gemini", GeminiJsonRendererTests.TRANSCRIPT)
                        .toString());
    }

    @Test
    void itsStreamBecomesLogLinesTheCostComesFromThePriceTableAndTheFollowUpResumesTheSession() {
        Api api = newUser();

        Flow flow = planAndWorkWithOneFollowUp(api);

        // gemini-2.5-pro: 4,500 input at $1.25, 8,000 cached at $0.125, 620 output at $10 per million
        double cost = 0.012825;
        long tokens = GeminiJsonRendererTests.TOKENS;
        assertUsage(flow.planner(), "gemini", "gemini-2.5-pro", tokens, cost);
        assertThat(log(api, flow.planner()))
                .contains("] Session started: model gemini-2.5-pro")
                .contains("] I'll look at the repository first.")
                .contains("] → run_shell_command: git ls-files")
                .contains("] ← error: File not found: /tmp/repo/missing.py")
                .contains("] Finished after 15.3 s, 2 tool calls, " + tokens + " tokens");
        assertThat(FakeCli.arguments(DATA_DIR, flow.projectId(), flow.taskId(), null))
                .containsExactly("--output-format stream-json --yolo --prompt " + GeminiRuntime.PROMPT_POINTER);
        assertUsage(flow.followUp(), "gemini", "gemini-2.5-pro", tokens, cost);
        assertThat(flow.subtask().path("cost_usd").asDouble()).isCloseTo(2 * cost, CENT_FRACTION);
        assertEventsCarryUsage(flow);

        assertResumed(
                api,
                DATA_DIR,
                flow,
                GeminiJsonRendererTests.SESSION,
                List.of("--resume", GeminiJsonRendererTests.SESSION, "--prompt"));
    }
}
