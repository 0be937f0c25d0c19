package dev.internvillage.agent;

/** A run's outcome so far. A QUEUED run waits for a free agent slot (AGENT_MAX_CONCURRENT). */
public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    /** Queued or running: the run has not ended. */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }
}
