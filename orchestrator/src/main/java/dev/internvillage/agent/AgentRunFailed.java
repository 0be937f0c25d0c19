package dev.internvillage.agent;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A run FAILED. {@code willRetry} says whether another attempt follows, at {@code nextAttemptAt}.
 * Published inside the transaction that recorded it.
 */
public record AgentRunFailed(
        AgentRun run, boolean willRetry, @Nullable Instant nextAttemptAt) {}
