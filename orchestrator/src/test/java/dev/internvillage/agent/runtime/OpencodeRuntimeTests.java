package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The opencode runtime against a fake CLI named by {@code AGENT_OPENCODE_BIN} (not on the PATH),
 * replaying a recorded {@code opencode run --format json} transcript, unsandboxed: the cost is
 * opencode's own, the model unknown (it names none), and a follow-up resumes with {@code --session}.
 */
class OpencodeRuntimeTests extends FakeCliRuntimeTestBase {

    private static final Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-opencode");
        registry.add("AGENT_RUNTIME", () -> "opencode");
        registry.add("AGENT_SANDBOX", () -> "none");
        registry.add("AGENT_BACKOFF_BASE_MS", () -> "100");
        registry.add(
                "AGENT_OPENCODE_BIN",
                () -> FakeCli.directory("my-opencode", OpencodeJsonRendererTests.TRANSCRIPT)
                        .resolve("my-opencode")
                        .toString());
    }

    @Test
    void itsJsonBecomesLogLinesItsOwnCostIsKeptAndTheFollowUpResumesTheSession() {
        Api api = newUser();

        Flow flow = planAndWorkWithOneFollowUp(api);

        long tokens = OpencodeJsonRendererTests.TOKENS;
        assertUsage(flow.planner(), "opencode", null, tokens, 0.0163);
        assertThat(flow.planner().path("cache_write_tokens").asLong()).isEqualTo(300);
        assertThat(log(api, flow.planner()))
                .contains("] Session started: " + OpencodeJsonRendererTests.SESSION)
                .contains("] → bash: ls src")
                .contains("] ← items.py … (2 lines)")
                .contains("] Finished (stop), " + tokens + " tokens, $0.0163");
        assertThat(FakeCli.arguments(DATA_DIR, flow.projectId(), flow.taskId(), null))
                .containsExactly("run --format json");
        assertThat(flow.subtask().path("cost_usd").asDouble()).isCloseTo(2 * 0.0163, CENT_FRACTION);
        assertEventsCarryUsage(flow);

        assertResumed(
                api,
                DATA_DIR,
                flow,
                OpencodeJsonRendererTests.SESSION,
                List.of("run", "--format", "json", "--session", OpencodeJsonRendererTests.SESSION));
    }
}
