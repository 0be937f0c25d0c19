package dev.internvillage.common;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code PUBLIC_URL}: where browsers reach this server, e.g. {@code https://iv.example.com} behind a
 * TLS-terminating proxy. When set, its host is served (the host check), its origin may write (the
 * cross-site check), GitHub is told to send users back to it, and cookies are {@code Secure} when it
 * is https. Only an origin is accepted: the app is always served at the root path.
 */
@Component
public class PublicUrl {

    public static final String VARIABLE = "PUBLIC_URL";

    private final @Nullable WebOrigin origin;

    @Autowired
    public PublicUrl(Settings settings) {
        this(settings.optional(VARIABLE));
    }

    /** For tests and tools: the value as if it were the variable's. */
    public PublicUrl(@Nullable String value) {
        this.origin = value == null ? null : parse(value);
    }

    private static WebOrigin parse(String value) {
        try {
            URI uri = new URI(value);
            String path = uri.getRawPath();
            boolean rootOnly = path == null || path.isEmpty() || path.equals("/");
            if (uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null
                    || !rootOnly) {
                throw invalid(value);
            }
        } catch (URISyntaxException e) {
            throw invalid(value);
        }
        return WebOrigin.parse(value).orElseThrow(() -> invalid(value));
    }

    private static InvalidSettingException invalid(String value) {
        return new InvalidSettingException(
                VARIABLE,
                "must be an http(s) URL of a host, without a path, e.g. https://iv.example.com, but is '" + value
                        + "'");
    }

    /** The configured origin; null when {@code PUBLIC_URL} is unset. */
    public @Nullable WebOrigin origin() {
        return origin;
    }

    /** True when browsers reach the app over https even if this server itself speaks plain http. */
    public boolean isHttps() {
        return origin != null && origin.isHttps();
    }
}
