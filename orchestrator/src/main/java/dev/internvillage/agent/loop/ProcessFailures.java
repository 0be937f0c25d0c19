package dev.internvillage.agent.loop;

import dev.internvillage.agent.process.AgentProcess;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Why an agent process counts as failed, in words for the run's error and the next prompt. */
final class ProcessFailures {

    private ProcessFailures() {}

    /** The reason the process failed, or null when it exited 0 without reporting an error. */
    static @Nullable String describe(AgentLauncher.Outcome outcome, Duration timeout) {
        AgentProcess.Result result = outcome.result();
        String stderr =
                outcome.lastStderrLine().isBlank() ? "" : " (last error output: " + outcome.lastStderrLine() + ")";
        return switch (result.ending()) {
            case TIMED_OUT ->
                "the agent did not finish within " + human(timeout) + " (AGENT_RUN_TIMEOUT_M) and was killed";
            case CANCELLED -> "the agent was stopped";
            case EXITED -> {
                if (result.exitCode() != 0) {
                    yield "the agent exited with status " + result.exitCode() + stderr;
                }
                yield outcome.reportedError();
            }
        };
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
