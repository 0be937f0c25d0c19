package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The codex runtime against a fake {@code codex} replaying a recorded {@code codex exec --json}
 * transcript, unsandboxed (so its sessions outlive a run): Codex names no model and no cost, so the
 * model is {@code AGENT_MODEL} and the cost comes from the price table; a follow-up resumes the thread.
 */
class CodexRuntimeTests extends FakeCliRuntimeTestBase {

    private static final Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-codex");
        registry.add("AGENT_RUNTIME", () -> "codex");
        registry.add("AGENT_SANDBOX", () -> "none");
        registry.add("AGENT_MODEL", () -> "gpt-5-codex");
        registry.add("AGENT_BACKOFF_BASE_MS", () -> "100");
        registry.add(
                "AGENT_EXTRA_PATH",
                () -> FakeCli.directory("codex", CodexJsonRendererTests.TRANSCRIPT)
                        .toString());
    }

    @Test
    void itsJsonBecomesLogLinesTheCostComesFromThePriceTableAndTheFollowUpResumesTheThread() {
        Api api = newUser();

        Flow flow = planAndWorkWithOneFollowUp(api);

        // gpt-5-codex: 315 input at $1.25, 24,448 cached at $0.125, 122 output at $10 per million
        double cost = 0.004670;
        long tokens = CodexJsonRendererTests.TOKENS;
        assertUsage(flow.planner(), "codex", "gpt-5-codex", tokens, cost);
        assertThat(flow.planner().path("cache_read_tokens").asLong()).isEqualTo(24_448);
        assertThat(log(api, flow.planner()))
                .contains("] Session started: thread " + CodexJsonRendererTests.THREAD)
                .contains("] → Shell: bash -lc ls")
                .contains("] ← error: bash: python: command not found")
                .contains("] Items now have a due date.")
                .contains("] Turn finished, " + tokens + " tokens so far")
                .contains("Cost $0.0047: " + tokens + " tokens at the prices of gpt-5-codex (price table of ");
        assertThat(FakeCli.arguments(DATA_DIR, flow.projectId(), flow.taskId(), null))
                .containsExactly("exec --json --dangerously-bypass-approvals-and-sandbox --skip-git-repo-check"
                        + " --model gpt-5-codex -");
        assertUsage(flow.followUp(), "codex", "gpt-5-codex", tokens, cost);
        assertThat(flow.subtask().path("cost_usd").asDouble()).isCloseTo(2 * cost, CENT_FRACTION);
        assertEventsCarryUsage(flow);

        assertResumed(
                api,
                DATA_DIR,
                flow,
                CodexJsonRendererTests.THREAD,
                List.of("--model", "gpt-5-codex", "resume", CodexJsonRendererTests.THREAD, "-"));
    }
}
