package dev.internvillage.auth;

import dev.internvillage.common.PeriodicJob;
import dev.internvillage.common.Timestamps;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes expired sessions and sign-ins that were never finished: once at start-up and then every
 * {@link #INTERVAL}. Expired rows are already refused when read; this only keeps the tables small.
 * Several instances on one database may prune at the same time; the deletes do not conflict.
 */
@Component
class SessionPruner implements SmartLifecycle {

    static final Duration INTERVAL = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(SessionPruner.class);

    private final Sessions sessions;
    private final StoredAuthorizationRequests signIns;
    private final PeriodicJob job = new PeriodicJob("session-pruner");

    SessionPruner(Sessions sessions, StoredAuthorizationRequests signIns) {
        this.sessions = sessions;
        this.signIns = signIns;
    }

    void prune() {
        try {
            int expired = sessions.pruneExpired(Timestamps.now());
            int abandoned = signIns.pruneExpired(Timestamps.now());
            if (expired + abandoned > 0) {
                log.info("Pruned {} expired sessions and {} unfinished sign-ins", expired, abandoned);
            }
        } catch (RuntimeException e) {
            log.warn("Pruning expired sessions failed; retrying at the next interval", e);
        }
    }

    @Override
    public void start() {
        job.start(Duration.ZERO, INTERVAL, this::prune);
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
