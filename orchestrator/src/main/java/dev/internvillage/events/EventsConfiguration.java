package dev.internvillage.events;

import dev.internvillage.common.Settings;
import dev.internvillage.runlog.RunLogFormat;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    @Bean
    EventsProperties eventsProperties(Settings settings, RunLogFormat runLogFormat) {
        return EventsProperties.from(settings, runLogFormat.maxLineBytes());
    }

    /**
     * Each open stream keeps its connection, and Tomcat gives every connection a read and a write
     * buffer. Off the heap, thousands of them are not copied by each young collection while they are
     * new (a pause that grows with the number of streams just opened), and a write goes to the socket
     * without the JDK first copying the heap buffer into a temporary direct one.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> directSocketBuffers() {
        return factory ->
                factory.addConnectorCustomizers(connector -> connector.setProperty("socket.directBuffer", "true"));
    }
}
