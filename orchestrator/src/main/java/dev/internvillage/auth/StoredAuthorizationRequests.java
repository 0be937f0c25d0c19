package dev.internvillage.auth;

import dev.internvillage.common.Timestamps;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the OAuth authorization request between the redirect to GitHub and the callback in the
 * database instead of a servlet session, so a sign-in started on one app instance can end on another
 * (no sticky sessions). The browser that started it holds a random value in the {@code iv_sign_in}
 * cookie, and the request is found only by its {@code state} together with that value: a callback
 * link carrying someone else's state (login CSRF) finds nothing. The callback uses a request once;
 * unused ones expire after {@link #LIFETIME}.
 */
@Component
class StoredAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "iv_sign_in";
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String COOKIE_PATH = "/api/auth/";
    private static final JsonMapper JSON = JsonMapper.shared();

    private final SignInRepository repository;
    private final SessionKeys keys;
    private final SessionCookies cookies;

    StoredAuthorizationRequests(SignInRepository repository, SessionKeys keys, SessionCookies cookies) {
        this.repository = repository;
        this.keys = keys;
        this.cookies = cookies;
    }

    /** The fields of an authorization request, as stored. */
    record Stored(
            String authorizationUri,
            String clientId,
            String redirectUri,
            Set<String> scopes,
            String state,
            Map<String, Object> additionalParameters,
            Map<String, Object> attributes,
            String authorizationRequestUri) {

        static Stored of(OAuth2AuthorizationRequest request) {
            return new Stored(
                    request.getAuthorizationUri(),
                    request.getClientId(),
                    request.getRedirectUri(),
                    request.getScopes(),
                    request.getState(),
                    request.getAdditionalParameters(),
                    request.getAttributes(),
                    request.getAuthorizationRequestUri());
        }

        OAuth2AuthorizationRequest toRequest() {
            return OAuth2AuthorizationRequest.authorizationCode()
                    .authorizationUri(authorizationUri)
                    .clientId(clientId)
                    .redirectUri(redirectUri)
                    .scopes(scopes)
                    .state(state)
                    .additionalParameters(additionalParameters)
                    .attributes(attributes)
                    .authorizationRequestUri(authorizationRequestUri)
                    .build();
        }
    }

    @Override
    public void saveAuthorizationRequest(
            @Nullable OAuth2AuthorizationRequest authorizationRequest,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (authorizationRequest == null) {
            removeAuthorizationRequest(request, response);
            return;
        }
        String browser = keys.newValue();
        repository.insert(
                authorizationRequest.getState(),
                keys.hash(browser),
                JSON.writeValueAsString(Stored.of(authorizationRequest)),
                Timestamps.now().plus(LIFETIME));
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                SessionCookies.cookie(COOKIE, browser, COOKIE_PATH, LIFETIME, cookies.secure(request))
                        .toString());
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        return pending(request)
                .flatMap(key -> repository.find(key.state(), key.browserHash(), Timestamps.now()))
                .map(StoredAuthorizationRequests::parse)
                .orElse(null);
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(
            HttpServletRequest request, HttpServletResponse response) {
        Optional<Key> key = pending(request);
        if (key.isEmpty()) {
            return null;
        }
        Optional<String> stored = repository.find(key.get().state(), key.get().browserHash(), Timestamps.now());
        // two callbacks racing with one state: only the one whose delete took the row goes on
        if (stored.isEmpty() || !repository.delete(key.get().state(), key.get().browserHash())) {
            return null;
        }
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                SessionCookies.cookie(COOKIE, "", COOKIE_PATH, Duration.ZERO, cookies.secure(request))
                        .toString());
        return parse(stored.get());
    }

    /** Deletes sign-ins that were never finished; returns how many. */
    int pruneExpired(java.time.Instant now) {
        return repository.deleteExpired(now);
    }

    private record Key(String state, String browserHash) {}

    private Optional<Key> pending(HttpServletRequest request) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        String browser = SessionCookies.read(request, COOKIE);
        if (state == null || browser == null || !SessionKeys.wellFormed(browser)) {
            return Optional.empty();
        }
        return Optional.of(new Key(state, keys.hash(browser)));
    }

    private static OAuth2AuthorizationRequest parse(String json) {
        return JSON.readValue(json, Stored.class).toRequest();
    }
}
