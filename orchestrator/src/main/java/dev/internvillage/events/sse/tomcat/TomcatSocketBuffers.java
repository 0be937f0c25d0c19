package dev.internvillage.events.sse.tomcat;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TomcatSocketBuffers {

    /**
     * Every connection gets a socket read buffer and a socket write buffer for as long as it is open,
     * and an idle event stream is open for hours: at Tomcat's default of 8 KB each, these two buffers
     * were most of what an idle stream costs. A request is parsed in the processor's own header
     * buffer (recycled when the request is done), so the socket read buffer only sets how much one
     * read takes; the write buffer sets how much one write system call sends, so it stays large
     * enough for a batch of events in a few calls. Off the heap, thousands of new buffers are not
     * copied by each young collection (a pause that grows with the number of streams just opened),
     * and a write goes to the socket without the JDK first copying a heap buffer into a direct one.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> streamSocketBuffers() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.directBuffer", "true");
            connector.setProperty("socket.appReadBufSize", "1024");
            connector.setProperty("socket.appWriteBufSize", "4096");
        });
    }
}
