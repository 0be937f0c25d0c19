package dev.internvillage.agent;

/** A run's outcome so far. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED
}
