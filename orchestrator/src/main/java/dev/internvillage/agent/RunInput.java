package dev.internvillage.agent;

import org.jspecify.annotations.Nullable;

/**
 * Whether a run's agent takes messages from its owner ("Tell the agent…"), and if not, why: only a
 * running agent of a runtime that reads input while it works (ACP) does.
 */
public record RunInput(boolean accepted, @Nullable String unavailableReason) {

    public static RunInput of(AgentRun run) {
        if (run.status() != RunStatus.RUNNING) {
            return new RunInput(
                    false,
                    run.status() == RunStatus.QUEUED
                            ? "The agent has not started yet"
                            : "The run has ended: its agent takes no more messages");
        }
        String runtime = run.runtime();
        if (runtime == null) {
            // its runtime is recorded as its agent starts, a moment after the run does
            return new RunInput(false, "The agent is starting");
        }
        if (!takesInput(runtime)) {
            return new RunInput(
                    false,
                    "The " + runtime
                            + " runtime takes no messages while it runs (the acp and claude-code runtimes do)");
        }
        return new RunInput(true, null);
    }

    private static boolean takesInput(String runtime) {
        return java.util.Arrays.stream(AgentSettings.Runtime.values())
                .anyMatch(r -> r.wireName().equals(runtime) && r.takesInput());
    }
}
