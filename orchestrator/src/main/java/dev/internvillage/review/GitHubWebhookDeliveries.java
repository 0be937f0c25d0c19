package dev.internvillage.review;

import dev.internvillage.common.Timestamps;
import java.time.Duration;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The webhook deliveries already handled, so a repeat does nothing. A delivery is known by GitHub's
 * delivery id (a redelivery keeps it) and by its body's SHA-256: the id is not covered by the
 * signature, so a captured delivery sent again under a new id is caught by its body.
 */
@Repository
class GitHubWebhookDeliveries {

    /** GitHub redelivers only deliveries of the last three days; a week covers that with room. */
    static final Duration KEPT = Duration.ofDays(7);

    private final JdbcClient jdbc;

    GitHubWebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the delivery as handled, forgetting those older than {@link #KEPT}.
     *
     * @return false when it (its id or its body) was handled before
     */
    boolean claim(String deliveryId, String bodySha256) {
        Instant now = Timestamps.now();
        jdbc.sql("DELETE FROM github_webhook_deliveries WHERE received_at < :cutoff")
                .param("cutoff", Timestamps.toDb(now.minus(KEPT)))
                .update();
        try {
            jdbc.sql("""
                            INSERT INTO github_webhook_deliveries (delivery_id, body_sha256, received_at)
                            VALUES (:id, :body, :at)""")
                    .param("id", deliveryId)
                    .param("body", bodySha256)
                    .param("at", Timestamps.toDb(now))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            // the id or the body is there already; outside a transaction, so nothing else is undone
            return false;
        }
    }
}
