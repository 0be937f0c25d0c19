package dev.internvillage.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Signed session cookies: {@code <user id>.<expiry epoch seconds>.<HMAC-SHA256>}. The value carries
 * no secret, so signing (not encryption) is enough; a tampered or expired value is rejected.
 */
@Component
public class SessionCookies {

    public static final String NAME = "iv_session";

    private final AuthProperties properties;
    private final Clock clock;

    SessionCookies(AuthProperties properties) {
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** A cookie that signs the user in until the session lifetime runs out. */
    public ResponseCookie mint(UserId user, boolean secure) {
        Instant expires = clock.instant().plus(properties.sessionTtl());
        String payload = user.value() + "." + expires.getEpochSecond();
        return ResponseCookie.from(NAME, payload + "." + sign(payload))
                .httpOnly(true)
                .secure(secure)
                .sameSite("Lax")
                .path("/")
                .maxAge(properties.sessionTtl())
                .build();
    }

    public ResponseCookie expired(boolean secure) {
        return ResponseCookie.from(NAME, "")
                .httpOnly(true)
                .secure(secure)
                .sameSite("Lax")
                .path("/")
                .maxAge(0)
                .build();
    }

    /** The user a cookie value names, if its signature is right and it has not expired. */
    public Optional<UserId> verify(String value) {
        int lastDot = value.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String payload = value.substring(0, lastDot);
        byte[] given = value.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, sign(payload).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\.");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(parts[1]) < clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(new UserId(UUID.fromString(parts[0])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(properties.sessionSecret(), "HmacSHA256"));
            byte[] digest = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
