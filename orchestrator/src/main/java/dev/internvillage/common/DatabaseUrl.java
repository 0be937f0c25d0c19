package dev.internvillage.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Where the database lives. Unset means the embedded H2 file database under {@code DATA_DIR} (in
 * PostgreSQL mode, so one set of migrations serves both); otherwise {@code DATABASE_URL} names a
 * PostgreSQL server as {@code postgresql://user:password@host:port/db} (or {@code postgres://}), or
 * as a plain {@code jdbc:postgresql:} URL.
 */
record DatabaseUrl(
        String jdbcUrl, @Nullable String username, @Nullable String password, boolean embedded) {

    static final String VARIABLE = "DATABASE_URL";

    static DatabaseUrl parse(@Nullable String value, DataDirectory dataDirectory) {
        if (value == null) {
            return embedded(dataDirectory);
        }
        if (value.startsWith("jdbc:postgresql:") || value.startsWith("jdbc:h2:")) {
            return new DatabaseUrl(value, null, null, value.startsWith("jdbc:h2:"));
        }
        if (!value.startsWith("postgresql://") && !value.startsWith("postgres://")) {
            throw new InvalidSettingException(
                    VARIABLE,
                    "must be a postgresql://user:password@host:port/database URL (or unset for the embedded database)");
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new InvalidSettingException(
                        VARIABLE, "must name a host and a database, e.g. postgresql://user:pw@localhost:5432/iv");
            }
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            int port = uri.getPort() == -1 ? 5432 : uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new DatabaseUrl(
                    "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query,
                    user,
                    password,
                    false);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(VARIABLE, "is not a valid URL: " + e.getReason());
        }
    }

    private static DatabaseUrl embedded(DataDirectory dataDirectory) {
        String file = dataDirectory.database().resolve("intern-village").toString();
        // PostgreSQL mode keeps the migrations shared; the lock timeout lets row locks (SELECT ... FOR
        // UPDATE on a task) queue up under concurrent requests instead of failing after H2's 1 s default.
        // WRITE_DELAY=0 hands every commit to the OS at once (no fsync): with H2's 500 ms default a killed
        // app loses its last commits, e.g. the RUNNING run that restart recovery must find.
        String url = "jdbc:h2:file:" + file
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000"
                + ";WRITE_DELAY=0";
        return new DatabaseUrl(url, "sa", "", true);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
