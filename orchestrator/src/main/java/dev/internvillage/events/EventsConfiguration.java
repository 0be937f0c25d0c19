package dev.internvillage.events;

import dev.internvillage.common.Settings;
import dev.internvillage.runlog.RunLogFormat;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    @Bean
    EventsProperties eventsProperties(Settings settings, RunLogFormat runLogFormat) {
        return EventsProperties.from(settings, runLogFormat.maxLineBytes());
    }
}
