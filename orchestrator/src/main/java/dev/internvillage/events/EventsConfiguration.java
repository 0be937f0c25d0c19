package dev.internvillage.events;

import dev.internvillage.common.Settings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    @Bean
    EventsProperties eventsProperties(Settings settings) {
        return EventsProperties.from(settings);
    }
}
