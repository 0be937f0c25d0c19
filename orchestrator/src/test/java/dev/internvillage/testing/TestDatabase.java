package dev.internvillage.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Which database the repository/API suite runs on. The build runs the suite twice: once on the
 * embedded H2 file database ({@code -Dtest.db=h2}) and once on a real PostgreSQL server ({@code
 * -Dtest.db=postgres}), where each JVM creates its own database and drops it on exit, so parallel or
 * interrupted runs never see each other's rows.
 */
public final class TestDatabase {

    private static final java.util.Map<String, String> postgresUrls = new java.util.HashMap<>();
    private static @Nullable String unavailable;

    private TestDatabase() {}

    public static boolean isPostgres() {
        return "postgres".equals(System.getProperty("test.db", "h2").toLowerCase(Locale.ROOT));
    }

    /** The DATABASE_URL for this JVM's own PostgreSQL database, created on first use. */
    public static String postgresDatabaseUrl() {
        return postgresDatabaseUrl("api");
    }

    /**
     * A PostgreSQL database of this JVM for one {@code purpose}: application contexts that must not
     * see each other's rows (e.g. agents recovering work at start-up) each use their own.
     */
    public static synchronized String postgresDatabaseUrl(String purpose) {
        if (unavailable != null) {
            throw new org.opentest4j.TestAbortedException(unavailable);
        }
        return postgresUrls.computeIfAbsent(purpose, p -> createDatabase());
    }

    private static String createDatabase() {
        String admin = System.getProperty("test.postgres.url", "postgresql://iv:iv@127.0.0.1:5432/postgres");
        URI uri = URI.create(admin);
        String[] credentials = uri.getUserInfo().split(":", 2);
        String server = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() == -1 ? 5432 : uri.getPort());
        String name = "iv_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(server + uri.getPath(), credentials[0], credentials[1]);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + server + " as " + credentials[0] + " ("
                    + e.getMessage() + "). Start it as .ci/run does, or run only the H2 pass.";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true needs PostgreSQL: " + message, e);
            }
            System.err.println(
                    "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                            + "!!! SKIPPING the PostgreSQL pass: " + message
                            + "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
            unavailable = "PostgreSQL unavailable: " + message;
            throw new org.opentest4j.TestAbortedException(unavailable);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(server + uri.getPath(), credentials, name)));
        return "postgresql://" + credentials[0] + ":" + credentials[1] + "@" + uri.getHost() + ":"
                + (uri.getPort() == -1 ? 5432 : uri.getPort()) + "/" + name;
    }

    private static void dropDatabase(String adminUrl, String[] credentials, String name) {
        try (Connection c = DriverManager.getConnection(adminUrl, credentials[0], credentials[1]);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }
}
