package dev.internvillage.auth;

import dev.internvillage.common.ApiError;
import dev.internvillage.common.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * The end of a GitHub sign-in: after Spring Security checked the {@code state} and exchanged the
 * code, the profile from {@code /user} creates or updates our user and stores the token (encrypted);
 * then our session cookie is set and the browser goes to {@code /}. A failed sign-in (forged state,
 * used code, GitHub refusing) is a 401 in the API error shape (docs/api.md).
 */
@Component
class GitHubSignIn
        implements OAuth2UserService<OAuth2UserRequest, OAuth2User>,
                AuthenticationSuccessHandler,
                AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(GitHubSignIn.class);
    private static final String USER_ID = "iv_user_id";

    private final DefaultOAuth2UserService profiles = new DefaultOAuth2UserService();
    private final UserService users;
    private final SessionCookies cookies;
    private final Sessions sessions;

    GitHubSignIn(UserService users, SessionCookies cookies, Sessions sessions) {
        this.users = users;
        this.cookies = cookies;
        this.sessions = sessions;
    }

    @Override
    public OAuth2User loadUser(OAuth2UserRequest request) throws OAuth2AuthenticationException {
        OAuth2User profile = profiles.loadUser(request);
        Object id = profile.getAttribute("id");
        String login = profile.getAttribute("login");
        if (!(id instanceof Number githubId) || login == null || login.isBlank()) {
            throw new OAuth2AuthenticationException("GitHub's profile has no id or login");
        }
        User user = users.signedInWithGitHub(
                githubId.longValue(),
                login,
                profile.getAttribute("avatar_url"),
                request.getAccessToken().getTokenValue());
        log.info("GitHub user {} signed in", login);
        Map<String, Object> attributes = new HashMap<>(profile.getAttributes());
        attributes.put(USER_ID, user.id().value().toString());
        return new DefaultOAuth2User(List.of(), attributes, USER_ID);
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2User principal = (OAuth2User) authentication.getPrincipal();
        UserId id = new UserId(java.util.UUID.fromString(principal.getName()));
        // a new session id at every sign-in: whatever session the browser came with ends here
        String previous = SessionCookies.sessionId(request);
        if (previous != null) {
            sessions.revoke(previous);
        }
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                cookies.mint(id, cookies.secure(request)).toString());
        response.sendRedirect("/");
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String reason = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError().getErrorCode()
                : "sign_in_failed";
        log.info("GitHub sign-in refused: {}", reason);
        ApiError.write(
                response,
                ErrorCode.UNAUTHORIZED,
                "GitHub sign-in failed (" + reason + "); start again at /api/auth/github");
    }
}
