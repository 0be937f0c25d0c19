package dev.internvillage.testing;

import dev.internvillage.cluster.ClusterSignals;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Signals between app instances in one test JVM through PostgreSQL's own {@code LISTEN/NOTIFY}, for
 * tests of features that rely on {@link ClusterSignals} before the app sends them that way itself:
 * {@code pg_notify} in the sender's transaction (PostgreSQL delivers at commit), one listening
 * connection per instance. Add {@link Config} to an app's sources; PostgreSQL only.
 */
public final class PostgresSignals implements ClusterSignals, AutoCloseable {

    private final JdbcClient jdbc;
    private final Connection listening;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final Thread receiver;
    private volatile boolean closed;

    PostgresSignals(DataSource dataSource) throws SQLException {
        this.jdbc = JdbcClient.create(dataSource);
        this.listening = dataSource.getConnection();
        listening.setAutoCommit(true);
        this.receiver = Thread.ofPlatform().daemon().name("test-signals").start(this::receive);
    }

    /**
     * The bean, for an app's sources; not a {@code @Configuration}, so that component scanning leaves it
     * out of every other test's context.
     */
    public static class Config {

        @Bean
        @Primary
        PostgresSignals postgresSignals(DataSource dataSource) throws SQLException {
            return new PostgresSignals(dataSource);
        }
    }

    @Override
    public void send(String channel, String payload) {
        jdbc.sql("SELECT pg_notify(:channel, :payload)")
                .param("channel", channel)
                .param("payload", payload)
                .query()
                .singleValue();
    }

    @Override
    public void listen(String channel, Consumer<String> handler) {
        handlers.computeIfAbsent(channel, c -> {
                    synchronized (listening) {
                        try (Statement statement = listening.createStatement()) {
                            statement.execute("LISTEN " + c);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return new CopyOnWriteArrayList<>();
                })
                .add(handler);
    }

    @Override
    public void onGap(Runnable handler) {
        // the test's connection does not break
    }

    @Override
    public boolean shared() {
        return true;
    }

    private void receive() {
        try {
            PGConnection pg = listening.unwrap(PGConnection.class);
            while (!closed) {
                PGNotification[] notifications;
                synchronized (listening) {
                    notifications = pg.getNotifications(50);
                }
                if (notifications == null) {
                    continue;
                }
                for (PGNotification notification : notifications) {
                    for (Consumer<String> handler : handlers.getOrDefault(notification.getName(), List.of())) {
                        handler.accept(notification.getParameter());
                    }
                }
            }
        } catch (SQLException e) {
            if (!closed) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        closed = true;
        receiver.interrupt();
        listening.close();
    }
}
