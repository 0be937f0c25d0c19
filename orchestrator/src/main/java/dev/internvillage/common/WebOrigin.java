package dev.internvillage.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin as browsers compare them: scheme, host and port, with the host in lower case, without
 * IPv6 brackets or a trailing dot, and the scheme's default port filled in, so that {@code
 * http://LOCALHOST} and {@code http://localhost:80} are equal.
 */
public record WebOrigin(String scheme, String host, int port) {

    public WebOrigin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = normalizeHost(host);
    }

    /** The origin of an {@code Origin} header or a base URL; empty for {@code null}, opaque or garbage values. */
    public static Optional<WebOrigin> parse(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null
                    || host == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return Optional.empty();
            }
            int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
            return Optional.of(new WebOrigin(scheme, host, port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    public static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") ? 443 : 80;
    }

    /** A host name or address as it is compared: lower case, no {@code [..]} around IPv6, no final dot. */
    public static String normalizeHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    public boolean isHttps() {
        return scheme.equals("https");
    }

    @Override
    public String toString() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return port == defaultPort(scheme) ? scheme + "://" + shownHost : scheme + "://" + shownHost + ":" + port;
    }
}
