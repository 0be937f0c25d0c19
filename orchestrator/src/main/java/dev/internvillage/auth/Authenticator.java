package dev.internvillage.auth;

import dev.internvillage.common.DomainException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The one place a request becomes a user. A valid session cookie wins; without one, local mode acts
 * as the local user (GitHub mode will answer 401 instead). A cookie that is present but tampered
 * with or expired is always a 401, never a silent fall-back to another identity.
 */
@Component
public class Authenticator {

    private final AuthProperties properties;
    private final SessionCookies cookies;
    private final UserService users;

    Authenticator(AuthProperties properties, SessionCookies cookies, UserService users) {
        this.properties = properties;
        this.cookies = cookies;
        this.users = users;
    }

    public CurrentUser authenticate(HttpServletRequest request) {
        String session = sessionCookie(request);
        if (session != null) {
            UserId id = cookies.verify(session)
                    .filter(users::exists)
                    .orElseThrow(() -> DomainException.unauthorized("session is invalid or expired; sign in again"));
            return new CurrentUser(id);
        }
        if (properties.mode() == AuthMode.LOCAL) {
            return new CurrentUser(users.localUserId());
        }
        throw DomainException.unauthorized("sign in first");
    }

    private static @Nullable String sessionCookie(HttpServletRequest request) {
        Cookie[] all = request.getCookies();
        if (all == null) {
            return null;
        }
        for (Cookie cookie : all) {
            if (SessionCookies.NAME.equals(cookie.getName())
                    && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
