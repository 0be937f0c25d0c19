package dev.internvillage.events;

import dev.internvillage.common.Settings;
import java.time.Duration;

/**
 * Settings of the event stream, read by the the README configuration table names. The finer {@code _MS} / {@code _S}
 * variants exist for tests and benchmarks and win over the contract's coarser ones when set.
 */
public record EventsProperties(
        Duration heartbeat,
        Duration connectionTimeout,
        int maxConnectionsPerUser,
        Duration tailPoll,
        int maxLineBytes,
        int channelBuffer,
        Duration retention,
        Duration pruneInterval) {

    public static final int DEFAULT_CHANNEL_BUFFER = 1024;

    /** {@code maxLineBytes}: {@code LOG_TAIL_MAX_LINE_BYTES}, read by the run log module. */
    public static EventsProperties from(Settings settings, int maxLineBytes) {
        Duration heartbeat = settings.optional("SSE_HEARTBEAT_INTERVAL_MS") != null
                ? Duration.ofMillis(settings.integer("SSE_HEARTBEAT_INTERVAL_MS", 30_000, 10, 3_600_000))
                : Duration.ofSeconds(settings.integer("SSE_HEARTBEAT_INTERVAL_S", 30, 1, 3600));
        Duration timeout = settings.optional("SSE_CONNECTION_TIMEOUT_S") != null
                ? Duration.ofSeconds(settings.integer("SSE_CONNECTION_TIMEOUT_S", 3600, 1, 7 * 24 * 3600))
                : Duration.ofMinutes(settings.integer("SSE_CONNECTION_TIMEOUT_M", 60, 1, 7 * 24 * 60));
        return new EventsProperties(
                heartbeat,
                timeout,
                settings.integer("SSE_MAX_CONNECTIONS_PER_USER", 5, 1, 1_000_000),
                Duration.ofMillis(settings.integer("LOG_TAIL_POLL_MS", 100, 1, 60_000)),
                maxLineBytes,
                settings.integer("EVENT_CHANNEL_BUFFER", DEFAULT_CHANNEL_BUFFER, 1, 1_000_000),
                Duration.ofMinutes(settings.integer("EVENT_LOG_RETENTION_M", 24 * 60, 1, 365 * 24 * 60)),
                Duration.ofSeconds(settings.integer("EVENT_LOG_PRUNE_INTERVAL_S", 300, 1, 24 * 3600)));
    }
}
