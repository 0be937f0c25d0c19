package dev.internvillage.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.internvillage.testing.DatabaseAvailable;
import dev.internvillage.testing.TestDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link PgSignals} on a real PostgreSQL server: a signal goes with its transaction's commit, never
 * with a rollback, and a receiver whose connection is killed listens again and reports the gap.
 */
@Tag("database")
@ExtendWith(DatabaseAvailable.class)
class PgSignalsTests {

    private HikariDataSource pool;
    private PgSignals signals;
    private TransactionTemplate tx;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger gaps = new AtomicInteger();

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(TestDatabase.isPostgres(), "LISTEN/NOTIFY needs PostgreSQL");
        URI url = URI.create(TestDatabase.postgresDatabaseUrl("signals"));
        String[] credentials = url.getUserInfo().split(":", 2);
        String jdbcUrl = "jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(credentials[0]);
        config.setPassword(credentials[1]);
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        signals = new PgSignals(
                pool,
                () -> DriverManager.getConnection(jdbcUrl, credentials[0], credentials[1]),
                Duration.ofSeconds(5),
                Duration.ofMillis(200));
        signals.listen("test_signals", received::add);
        signals.onGap(gaps::incrementAndGet);
        signals.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> signals.listening() && gaps.get() == 1);
    }

    @AfterEach
    void stop() {
        if (signals != null) {
            signals.stop();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void aSignalSentInATransactionArrivesWithItsCommitAndNeverAfterARollback() {
        tx.executeWithoutResult(status -> {
            signals.send("test_signals", "rolled back");
            status.setRollbackOnly();
        });
        tx.executeWithoutResult(status -> {
            signals.send("test_signals", "committed");
            // nothing reaches the receiver before the commit
            sleepBriefly();
            assertThat(received).isEmpty();
        });
        signals.send("test_signals", "outside a transaction");

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
        assertThat(received).containsExactly("committed", "outside a transaction");
    }

    @Test
    void aKilledReceiverConnectionComesBackAndReportsTheGap() throws Exception {
        int before = signals.receiverBackendPid();
        int gapsBefore = gaps.get(); // the first connect counts as one: nothing was heard before it
        try (Connection admin = pool.getConnection();
                PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, before);
            kill.execute();
        }

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        gaps.get() == gapsBefore + 1 && signals.listening() && signals.receiverBackendPid() != before);
        signals.send("test_signals", "after the reconnect");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after the reconnect"));
    }

    @Test
    void channelsArePlainIdentifiersAndPayloadsAreBounded() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signals.send("x; DROP TABLE y", "p"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> signals.send("test_signals", "x".repeat(ClusterSignals.MAX_PAYLOAD_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A signal of a transaction not yet committed must not arrive; there is nothing to wait for that
     * would show it does not, so the check gives the receiver a moment to be wrong.
     */
    private static void sleepBriefly() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
