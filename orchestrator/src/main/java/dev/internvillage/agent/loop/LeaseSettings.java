package dev.internvillage.agent.loop;

import dev.internvillage.common.Settings;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * How long a loop's lease lasts without a heartbeat ({@code CLUSTER_LEASE_SECONDS}, default 20): the
 * time another instance waits before it takes over the loops of an instance that died without a word.
 * The heartbeat renews every lease a quarter of that, so three heartbeats may be lost to a slow
 * database or a long pause before a live instance loses its loops.
 */
@Component
class LeaseSettings {

    private final Duration lease;

    LeaseSettings(Settings settings) {
        this.lease = Duration.ofSeconds(settings.integer("CLUSTER_LEASE_SECONDS", 20, 1, 3600));
    }

    Duration lease() {
        return lease;
    }

    /** How often the heartbeat renews this instance's leases and looks for loops to take over. */
    Duration heartbeat() {
        return lease.dividedBy(4);
    }
}
