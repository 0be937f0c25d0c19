package dev.internvillage.auth;

import dev.internvillage.common.DomainException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * The one place a request becomes a user. A live session wins; without a session cookie, local
 * mode acts as the local user and GitHub mode answers 401. A cookie whose session is unknown,
 * revoked or expired is always a 401, never a silent fall-back to another identity.
 */
@Component
public class Authenticator {

    private final AuthProperties properties;
    private final Sessions sessions;
    private final UserService users;

    Authenticator(AuthProperties properties, Sessions sessions, UserService users) {
        this.properties = properties;
        this.sessions = sessions;
        this.users = users;
    }

    public CurrentUser authenticate(HttpServletRequest request) {
        String session = SessionCookies.sessionId(request);
        if (session != null) {
            UserId id = sessions.userOf(session)
                    .orElseThrow(() -> DomainException.unauthorized("session is invalid or expired; sign in again"));
            return new CurrentUser(id);
        }
        if (properties.mode() == AuthMode.LOCAL) {
            return new CurrentUser(users.localUserId());
        }
        throw DomainException.unauthorized("sign in first");
    }
}
