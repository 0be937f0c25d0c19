package dev.internvillage.web;

import dev.internvillage.auth.AuthMode;
import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.PublicUrl;
import dev.internvillage.common.Settings;
import dev.internvillage.common.WebOrigin;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The host names this server answers to, whatever the port: the loopback names in local mode (and in
 * GitHub mode while {@code PUBLIC_URL} is unset, so a try on this machine works), the host of {@code
 * PUBLIC_URL}, and the names listed in {@code ALLOWED_HOSTS}. A web page whose own host name an
 * attacker points at 127.0.0.1 (DNS rebinding) sends its own name as {@code Host} and is refused.
 */
@Component
class ServedHosts {

    static final String VARIABLE = "ALLOWED_HOSTS";
    static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    /** A DNS name or an IPv4 address: letters, digits, hyphens and dots. */
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private final Set<String> hosts;

    @Autowired
    ServedHosts(Settings settings, PublicUrl publicUrl) {
        this(
                settings.choice("AUTH_MODE", AuthMode.class, AuthMode.LOCAL),
                publicUrl.origin(),
                settings.optional(VARIABLE));
    }

    ServedHosts(AuthMode mode, @Nullable WebOrigin publicUrl, @Nullable String allowedHosts) {
        Set<String> served = new LinkedHashSet<>();
        if (mode == AuthMode.LOCAL || publicUrl == null) {
            served.addAll(LOOPBACK);
        }
        if (publicUrl != null) {
            served.add(publicUrl.host());
        }
        if (allowedHosts != null) {
            for (String entry : allowedHosts.split(",")) {
                if (!entry.isBlank()) {
                    served.add(checked(entry));
                }
            }
        }
        this.hosts = Set.copyOf(served);
    }

    private static String checked(String entry) {
        String host = WebOrigin.normalizeHost(entry);
        if (NAME.matcher(host).matches() || isIpv6(host)) {
            return host;
        }
        throw new InvalidSettingException(
                VARIABLE,
                "must list host names or addresses separated by commas, without scheme, port or wildcard, but has '"
                        + entry.trim() + "'");
    }

    private static boolean isIpv6(String host) {
        if (!host.contains(":")) {
            return false;
        }
        try {
            // the URI grammar checks the IPv6 literal without a name look-up
            return new URI("http://[" + host + "]/").getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Whether a request that names {@code host} (its {@code Host} header's name) is served. */
    boolean serves(String host) {
        return hosts.contains(WebOrigin.normalizeHost(host));
    }
}
