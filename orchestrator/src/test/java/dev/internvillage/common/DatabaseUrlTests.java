package dev.internvillage.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseUrlTests {

    @TempDir
    Path tmp;

    @Test
    void unsetMeansTheEmbeddedFileDatabaseUnderTheDataDirectory() {
        DatabaseUrl url = DatabaseUrl.parse(null, new DataDirectory(tmp));

        assertThat(url.embedded()).isTrue();
        assertThat(url.jdbcUrl()).startsWith("jdbc:h2:file:" + tmp.resolve("db/intern-village") + ";MODE=PostgreSQL");
    }

    @Test
    void readsAPostgresUrlWithCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://iv:p%40ss@db.internal:6543/village?sslmode=require", null);

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/village?sslmode=require");
        assertThat(url.username()).isEqualTo("iv");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.embedded()).isFalse();
    }

    @Test
    void defaultsThePort() {
        assertThat(DatabaseUrl.parse("postgres://u:p@localhost/iv", null).jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/iv");
    }

    @Test
    void passesJdbcUrlsThrough() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db?user=a", null).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?user=a");
    }

    @Test
    void refusesOtherDatabases() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:p@h/db", null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("DATABASE_URL must be a postgresql://");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@host", null))
                .hasMessageStartingWith("DATABASE_URL must name a host and a database");
    }
}
