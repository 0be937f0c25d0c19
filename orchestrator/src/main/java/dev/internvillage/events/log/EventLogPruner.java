package dev.internvillage.events.log;

import dev.internvillage.common.PeriodicJob;
import dev.internvillage.events.EventsProperties;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes event log entries older than {@code EVENT_LOG_RETENTION_M} (24 h by default), every
 * {@code EVENT_LOG_PRUNE_INTERVAL_S}. A client whose Last-Event-ID is older gets {@code resync}.
 */
@Component
public class EventLogPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventLogPruner.class);

    private final EventLogRepository eventLog;
    private final EventsProperties properties;
    private final PeriodicJob job = new PeriodicJob("event-log-pruner");

    EventLogPruner(EventLogRepository eventLog, EventsProperties properties) {
        this.eventLog = eventLog;
        this.properties = properties;
    }

    /** Deletes the entries older than {@code cutoff}; returns how many. */
    public int pruneOlderThan(Instant cutoff) {
        return eventLog.pruneOlderThan(cutoff);
    }

    private void prune() {
        try {
            int deleted = pruneOlderThan(Instant.now().minus(properties.retention()));
            if (deleted > 0) {
                log.info("Pruned {} event log entries older than {}", deleted, properties.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Pruning the event log failed; retrying at the next interval", e);
        }
    }

    @Override
    public void start() {
        job.start(properties.pruneInterval(), properties.pruneInterval(), this::prune);
    }

    @Override
    public void stop() {
        job.stop();
    }

    @Override
    public boolean isRunning() {
        return job.isRunning();
    }
}
