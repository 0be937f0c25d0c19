package dev.internvillage.agent;

/**
 * An agent process is about to start: the run is RUNNING and its log file exists. Published inside
 * the transaction that recorded it, so the event log commits with it.
 */
public record AgentRunStarted(AgentRun run) {}
