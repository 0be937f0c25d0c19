package dev.internvillage.cluster;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * Signals through PostgreSQL's {@code LISTEN/NOTIFY}. Sending is {@code pg_notify} on the current
 * transaction's connection, so PostgreSQL delivers the signal with the commit, atomically with the
 * change it points at, and never after a rollback. Receiving is one connection of its own, outside
 * the pool (a pooled connection would be handed to others and lose its {@code LISTEN}s), and one
 * daemon thread blocked in pgjdbc's wait for notifications: no query runs while nothing happens.
 *
 * <p>When the connection breaks the thread opens a new one with backoff; whatever was sent in
 * between is lost, so each time it starts listening the {@link #onGap} handlers are told to catch up
 * from the database.
 */
final class PgSignals implements ClusterSignals, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PgSignals.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final ResultSetExtractor<Void> IGNORE = rs -> null;

    /** Opens the listening connection: the app's database and credentials, not from the pool. */
    interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    private final JdbcTemplate jdbc;
    private final ConnectionOpener opener;
    private final Duration wait;
    private final Duration maxBackoff;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final Set<String> listening = ConcurrentHashMap.newKeySet(); // by the current connection
    private final List<Runnable> gapHandlers = new CopyOnWriteArrayList<>();
    private volatile @Nullable Thread receiver;
    private volatile @Nullable Connection current;
    private volatile boolean running;

    /**
     * @param wait how long one wait for notifications blocks before the thread looks at its state
     *     again (stop, channels added after start); no query is sent when it ends empty
     */
    PgSignals(DataSource dataSource, ConnectionOpener opener, Duration wait, Duration maxBackoff) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.opener = opener;
        this.wait = wait;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void send(String channel, String payload) {
        checkChannel(channel);
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a signal's payload has at most " + MAX_PAYLOAD_BYTES + " bytes");
        }
        // JdbcTemplate takes the transaction's connection when one is bound, else a pooled one in
        // auto-commit, which delivers at once
        jdbc.query("SELECT pg_notify(?, ?)", IGNORE, channel, payload);
    }

    @Override
    public void listen(String channel, Consumer<String> handler) {
        checkChannel(channel);
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
    }

    @Override
    public void onGap(Runnable handler) {
        gapHandlers.add(handler);
    }

    @Override
    public boolean shared() {
        return true;
    }

    private static void checkChannel(String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("a channel is a lower-case identifier: " + channel);
        }
    }

    /** Whether the receiving connection is open and listening (for tests and health). */
    boolean listening() {
        return current != null;
    }

    /** The backend process id of the receiving connection, or -1 while there is none (for tests). */
    int receiverBackendPid() {
        Connection connection = current;
        return connection == null ? -1 : pid(connection);
    }

    private static int pid(Connection connection) {
        try {
            return connection.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException e) {
            return -1;
        }
    }

    private void receive() {
        Duration backoff = Duration.ofMillis(100);
        boolean connectedBefore = false;
        while (running) {
            try (Connection connection = opener.open()) {
                connection.setAutoCommit(true);
                listening.clear();
                listenToNew(connection);
                current = connection;
                backoff = Duration.ofMillis(100);
                if (connectedBefore) {
                    log.info("Listening for signals again; catching up on what was sent meanwhile");
                }
                connectedBefore = true;
                // also after the first connect: whatever committed before it (e.g. while a first
                // attempt failed) was never signalled to this instance
                gapHandlers.forEach(PgSignals::runSafely);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications((int) wait.toMillis());
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getName(), notification.getParameter());
                        }
                    }
                    listenToNew(connection);
                }
            } catch (SQLException | RuntimeException e) {
                current = null;
                if (!running) {
                    return;
                }
                log.warn("Signal connection lost ({}); reconnecting in {} ms", e.getMessage(), backoff.toMillis());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            } finally {
                current = null;
            }
        }
    }

    /** {@code LISTEN}s to every channel with a handler that this connection does not listen to yet. */
    private void listenToNew(Connection connection) throws SQLException {
        for (String channel : handlers.keySet()) {
            if (!listening.contains(channel)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel); // checked to be a plain identifier
                }
                listening.add(channel);
            }
        }
    }

    private void deliver(String channel, String payload) {
        for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
            runSafely(() -> handler.accept(payload));
        }
    }

    private static void runSafely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("A signal handler failed", e);
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        receiver = Thread.ofPlatform().daemon().name("cluster-signals").start(this::receive);
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread thread = receiver;
        receiver = null;
        Connection connection = current;
        if (connection != null) {
            try {
                // ends the wait at once: a blocked socket read ignores the interrupt
                connection.abort(Runnable::run);
            } catch (SQLException e) {
                log.debug("Aborting the signal connection failed", e);
            }
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(wait.plusSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before the components that send (the hub's safety check, the run loops) and stopped after them. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
