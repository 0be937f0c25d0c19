package dev.internvillage.auth;

import dev.internvillage.common.PublicUrl;
import dev.internvillage.common.WebOrigin;
import dev.internvillage.github.GitHubSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Spring Security does one job here: the GitHub OAuth web flow of {@code AUTH_MODE=github}
 * ({@code GET /api/auth/github} → GitHub → {@code GET /api/auth/github/callback}), with its {@code
 * state} check and code exchange. It decides nothing about who a request is: every request is
 * permitted through, and {@link Authenticator} reads our own session cookie. So no Spring login
 * page, basic auth, logout, security context or HTTP session. Its CSRF tokens are off
 * because the API has its own defence that fits a JSON API and SSE: the cross-site request filter
 * (web module) refuses every state-changing request a browser sends from another origin, and the
 * session cookie is SameSite=Lax.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String REGISTRATION = "github";
    private static final String START = "/api/auth/" + REGISTRATION;

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            AuthProperties properties,
            GitHubSettings gitHub,
            GitHubSignIn signIn,
            StoredAuthorizationRequests authorizationRequests,
            PublicUrl publicUrl)
            throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                // static files and the SPA keep their own caching; the rest of the default headers stay
                .headers(headers -> headers.cacheControl(cache -> cache.disable()))
                // no servlet session at all: sign-ins under way are in the database
                // (StoredAuthorizationRequests), the signed-in identity in our own session table
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()));
        if (properties.mode() == AuthMode.GITHUB) {
            ClientRegistrationRepository registrations =
                    new InMemoryClientRegistrationRepository(registration(gitHub, publicUrl));
            DefaultOAuth2AuthorizationRequestResolver resolver =
                    new DefaultOAuth2AuthorizationRequestResolver(registrations, "/api/auth");
            http.oauth2Login(login -> login.clientRegistrationRepository(registrations)
                    .authorizedClientRepository(new NoAuthorizedClients())
                    // only /api/auth/github starts the flow; /api/auth/me and /logout are ordinary endpoints
                    .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(new OnlyGitHub(resolver))
                            .authorizationRequestRepository(authorizationRequests))
                    .redirectionEndpoint(endpoint -> endpoint.baseUri("/api/auth/*/callback"))
                    .userInfoEndpoint(userInfo -> userInfo.userService(signIn))
                    .loginPage("/")
                    .successHandler(signIn)
                    .failureHandler(signIn));
        }
        return http.build();
    }

    /** Only {@code /api/auth/github} starts the flow; {@code /api/auth/me} and the rest are endpoints. */
    private record OnlyGitHub(DefaultOAuth2AuthorizationRequestResolver resolver)
            implements OAuth2AuthorizationRequestResolver {

        @Override
        public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
            return START.equals(request.getRequestURI()) ? resolver.resolve(request) : null;
        }

        @Override
        public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
            return START.equals(request.getRequestURI()) ? resolver.resolve(request, registrationId) : null;
        }
    }

    private static ClientRegistration registration(GitHubSettings gitHub, PublicUrl publicUrl) {
        // behind a proxy the server does not see the URL browsers use; PUBLIC_URL names it
        WebOrigin publicOrigin = publicUrl.origin();
        String base = publicOrigin == null ? "{baseUrl}" : publicOrigin.toString();
        return ClientRegistration.withRegistrationId(REGISTRATION)
                .clientName("GitHub")
                .clientId(Objects.requireNonNull(gitHub.clientId()))
                .clientSecret(Objects.requireNonNull(gitHub.clientSecret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(base + "/api/auth/{registrationId}/callback")
                .scope("read:user", "repo")
                .authorizationUri(gitHub.oauthUrl("/login/oauth/authorize"))
                .tokenUri(gitHub.oauthUrl("/login/oauth/access_token"))
                .userInfoUri(gitHub.apiUrl("/user"))
                .userNameAttributeName("id")
                .build();
    }
}
