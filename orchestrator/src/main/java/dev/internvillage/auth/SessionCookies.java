package dev.internvillage.auth;

import dev.internvillage.common.PublicUrl;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The {@code iv_session} cookie: HttpOnly, SameSite=Lax, {@code Secure} over https, carrying the
 * random id of a server-side session ({@link Sessions}). The cookie itself proves nothing: the
 * session's row does, so deleting the row signs the browser out even if it keeps the cookie.
 */
@Component
public class SessionCookies {

    public static final String NAME = "iv_session";

    private final Sessions sessions;
    private final AuthProperties properties;
    private final PublicUrl publicUrl;

    SessionCookies(Sessions sessions, AuthProperties properties, PublicUrl publicUrl) {
        this.sessions = sessions;
        this.properties = properties;
        this.publicUrl = publicUrl;
    }

    /** Starts a new session for {@code user} and returns the cookie that carries it. */
    public ResponseCookie mint(UserId user, boolean secure) {
        return cookie(NAME, sessions.open(user), "/", properties.sessionTtl(), secure);
    }

    /** The answer that makes the browser drop its session cookie. */
    public ResponseCookie expired(boolean secure) {
        return cookie(NAME, "", "/", Duration.ZERO, secure);
    }

    /** Whether cookies set in answer to this request need {@code Secure}: https here, or at PUBLIC_URL. */
    boolean secure(HttpServletRequest request) {
        return request.isSecure() || publicUrl.isHttps();
    }

    static ResponseCookie cookie(String name, String value, String path, Duration maxAge, boolean secure) {
        return ResponseCookie.from(name, value)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Lax")
                .path(path)
                .maxAge(maxAge)
                .build();
    }

    /** The session id the request carries, or null without a (non-empty) session cookie. */
    static @Nullable String sessionId(HttpServletRequest request) {
        return read(request, NAME);
    }

    static @Nullable String read(HttpServletRequest request, String name) {
        Cookie[] all = request.getCookies();
        if (all == null) {
            return null;
        }
        for (Cookie cookie : all) {
            if (name.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
