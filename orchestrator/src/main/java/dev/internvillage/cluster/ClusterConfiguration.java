package dev.internvillage.cluster;

import com.zaxxer.hikari.HikariDataSource;
import dev.internvillage.common.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    /** {@code local} keeps signals in this process even on PostgreSQL (one instance alone). */
    static final String SIGNALS_VARIABLE = "CLUSTER_SIGNALS";

    enum SignalsMode {
        AUTO,
        LOCAL
    }

    @Bean
    InstanceId instanceId() {
        return InstanceId.generate();
    }

    /**
     * PostgreSQL's {@code LISTEN/NOTIFY} when the database is PostgreSQL (other instances may share
     * it); in this process with the embedded database, which no other instance can share.
     */
    @Bean
    ClusterSignals clusterSignals(DataSource dataSource, Settings settings, InstanceId instance) {
        SignalsMode mode = settings.choice(SIGNALS_VARIABLE, SignalsMode.class, SignalsMode.AUTO);
        if (mode == SignalsMode.AUTO
                && dataSource instanceof HikariDataSource pool
                && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            return new PgSignals(
                    dataSource, () -> openOwnConnection(pool, instance), Duration.ofSeconds(5), Duration.ofSeconds(5));
        }
        return new LocalSignals();
    }

    /** A connection with the pool's URL and credentials that the pool never hands out. */
    private static Connection openOwnConnection(HikariDataSource pool, InstanceId instance) throws SQLException {
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        // a silently dead peer (no FIN, e.g. a failed-over server) is found by TCP keepalive
        properties.setProperty("tcpKeepAlive", "true");
        // pg_stat_activity names the instance that listens (PostgreSQL keeps 63 bytes of the name)
        properties.setProperty("ApplicationName", applicationName(instance));
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    /** The listening connection's {@code application_name}: the instance id's end is its unique part. */
    static String applicationName(InstanceId instance) {
        String id = instance.value();
        return "signals " + (id.length() > 50 ? id.substring(id.length() - 50) : id);
    }
}
