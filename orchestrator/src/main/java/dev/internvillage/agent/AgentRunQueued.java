package dev.internvillage.agent;

/**
 * An attempt was scheduled and waits for a free agent slot. Published inside the transaction that
 * recorded it.
 */
public record AgentRunQueued(AgentRun run) {}
