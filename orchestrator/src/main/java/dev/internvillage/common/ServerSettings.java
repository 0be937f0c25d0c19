package dev.internvillage.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Applies {@code PORT} and {@code BIND_ADDRESS} to the web server after checking them, so a bad
 * value stops start-up with a message naming the variable rather than a binding error. When a
 * variable is unset, Spring's {@code server.*} properties apply (tests pick a random port that way).
 */
@Component
class ServerSettings implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {

    private final Settings settings;

    ServerSettings(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (settings.optional("PORT") != null) {
            factory.setPort(settings.integer("PORT", 8080, 0, 65535));
        }
        String address = settings.optional("BIND_ADDRESS");
        if (address != null) {
            try {
                factory.setAddress(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new InvalidSettingException(
                        "BIND_ADDRESS", "is not an address of this machine: '" + address + "'");
            }
        }
    }
}
