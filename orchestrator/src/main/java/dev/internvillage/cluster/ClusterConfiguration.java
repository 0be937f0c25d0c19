package dev.internvillage.cluster;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    InstanceId instanceId() {
        return InstanceId.generate();
    }

    // TODO(cluster): PostgreSQL LISTEN/NOTIFY signals when the database is PostgreSQL
    @Bean
    ClusterSignals clusterSignals() {
        return new LocalSignals();
    }
}
