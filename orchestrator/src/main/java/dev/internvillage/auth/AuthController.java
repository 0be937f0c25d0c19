package dev.internvillage.auth;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final UserService users;
    private final SessionCookies cookies;
    private final Sessions sessions;
    private final AuthMode mode;

    AuthController(UserService users, SessionCookies cookies, Sessions sessions, AuthProperties properties) {
        this.users = users;
        this.cookies = cookies;
        this.sessions = sessions;
        this.mode = properties.mode();
    }

    /**
     * Says why there is no GitHub sign-in instead of a bare "no such endpoint". Only reached in local
     * mode: with {@code AUTH_MODE=github} Spring Security's OAuth filters answer both paths first.
     */
    @GetMapping({"/github", "/github/callback"})
    @ApiResponse(
            responseCode = "302",
            description = "With AUTH_MODE=github: on to GitHub's sign-in, or back to the app")
    void gitHubSignInIsOff() {
        throw new DomainException(
                ErrorCode.NOT_FOUND,
                "GitHub sign-in is off: AUTH_MODE is " + mode.name().toLowerCase(Locale.ROOT));
    }

    @GetMapping("/me")
    UserResponse me(CurrentUser user) {
        return UserResponse.of(users.get(user.id()));
    }

    /** Ends this browser's session: the row goes, so the cookie is worthless even if a copy of it is kept. */
    @PostMapping("/logout")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        String session = SessionCookies.sessionId(request);
        if (session != null) {
            sessions.revoke(session);
        }
        return signedOut(request);
    }

    /** Ends every session of the signed-in user, on every browser and app instance. */
    @PostMapping("/logout-all")
    ResponseEntity<Void> logoutEverywhere(CurrentUser user, HttpServletRequest request) {
        sessions.revokeAll(user.id());
        return signedOut(request);
    }

    private ResponseEntity<Void> signedOut(HttpServletRequest request) {
        return ResponseEntity.noContent()
                .header(
                        HttpHeaders.SET_COOKIE,
                        cookies.expired(cookies.secure(request)).toString())
                .build();
    }

    record UserResponse(
            UUID id, String githubUsername, @Nullable String avatarUrl, Instant createdAt) {
        static UserResponse of(User user) {
            return new UserResponse(user.id().value(), user.githubUsername(), user.avatarUrl(), user.createdAt());
        }
    }
}
