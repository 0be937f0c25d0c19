package dev.internvillage.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.project.ProjectId;
import dev.internvillage.task.TaskId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Which runs take the owner's messages, and the reason the UI shows where one does not. */
class RunInputTests {

    @Test
    void onlyARunningAgentOfTheAcpOrClaudeCodeRuntimeTakesMessages() {
        assertThat(RunInput.of(run(RunStatus.RUNNING, "acp"))).isEqualTo(new RunInput(true, null));
        assertThat(RunInput.of(run(RunStatus.RUNNING, "claude-code"))).isEqualTo(new RunInput(true, null));
        for (String runtime : new String[] {"demo", "command", "codex", "gemini", "opencode"}) {
            assertThat(RunInput.of(run(RunStatus.RUNNING, runtime)))
                    .isEqualTo(
                            new RunInput(
                                    false,
                                    "The " + runtime
                                            + " runtime takes no messages while it runs (the acp and claude-code runtimes do)"));
        }
        assertThat(RunInput.of(run(RunStatus.RUNNING, null))).isEqualTo(new RunInput(false, "The agent is starting"));
        assertThat(RunInput.of(run(RunStatus.QUEUED, null)))
                .isEqualTo(new RunInput(false, "The agent has not started yet"));
        assertThat(RunInput.of(run(RunStatus.SUCCEEDED, "acp")))
                .isEqualTo(new RunInput(false, "The run has ended: its agent takes no more messages"));
    }

    private static AgentRun run(RunStatus status, @Nullable String runtime) {
        return new AgentRun(
                new RunId(UUID.randomUUID()),
                new ProjectId(UUID.randomUUID()),
                new TaskId(UUID.randomUUID()),
                null,
                AgentType.PLANNER,
                1,
                status,
                Instant.now(),
                null,
                null,
                0,
                null,
                "logs/run-001.log",
                null,
                runtime,
                RunUsage.ofTotal(0),
                null,
                null);
    }
}
