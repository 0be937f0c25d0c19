package dev.internvillage.agent;

/** Stops an active run for its owner; implemented where the agent loops live. */
public interface RunStopper {

    /**
     * Kills the run's agent (or keeps a queued one from starting) and returns once the stop is
     * recorded: the run FAILED with "stopped by you", no retry, and its subtask BLOCKED/FAILURE (a
     * planner's task PLANNING_FAILED).
     */
    void stop(AgentRun run);
}
