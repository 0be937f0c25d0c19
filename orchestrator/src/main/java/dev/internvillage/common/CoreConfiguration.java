package dev.internvillage.common;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The data directory and the database, from {@code DATA_DIR} and {@code DATABASE_URL}. */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    @Bean
    DataDirectory dataDirectory(Settings settings) {
        Path defaultRoot = settings.home().resolve(".intern-village");
        return new DataDirectory(settings.directory(DataDirectory.VARIABLE, defaultRoot));
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(Settings settings, DataDirectory dataDirectory) {
        DatabaseUrl url = DatabaseUrl.parse(settings.optional(DatabaseUrl.VARIABLE), dataDirectory);
        HikariConfig config = new HikariConfig();
        config.setPoolName("intern-village");
        config.setJdbcUrl(url.jdbcUrl());
        if (url.username() != null) {
            config.setUsername(url.username());
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(url.embedded() ? 8 : 16);
        // open connections as load needs them instead of holding the whole pool idle: a shared
        // PostgreSQL server (or a test run with several application contexts) has only so many slots
        config.setMinimumIdle(2);
        // Fail start-up at once with a readable message when the database is unreachable.
        config.setInitializationFailTimeout(10_000);
        return new HikariDataSource(config);
    }
}
