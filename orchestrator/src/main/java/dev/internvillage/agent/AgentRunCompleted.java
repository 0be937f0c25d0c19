package dev.internvillage.agent;

import org.jspecify.annotations.Nullable;

/**
 * A run SUCCEEDED ({@code prUrl} is the worker's pull request, null for planners). Published inside
 * the transaction that recorded it.
 */
public record AgentRunCompleted(AgentRun run, @Nullable String prUrl) {}
