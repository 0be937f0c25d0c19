package dev.internvillage.auth;

import dev.internvillage.common.ApiError;
import dev.internvillage.common.DomainException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Actuator for signed-in users only, except health: {@code /actuator/health} and its probe groups
 * {@code liveness} and {@code readiness} answer every caller (a load balancer has no session) with
 * the status alone; details and components are never shown (application.properties). Metrics say how busy the server is and what it runs; in GitHub mode an
 * anonymous caller gets 401, in local mode the machine's one user counts as signed in. The path is
 * taken as the container decoded and normalized it, the form Spring MVC matches endpoints on, so
 * {@code /%61ctuator/metrics} is no way around the check.
 */
@Component
class ActuatorAccessFilter extends OncePerRequestFilter {

    private static final String ACTUATOR = "/actuator";
    private static final Set<String> PUBLIC_HEALTH =
            Set.of(ACTUATOR + "/health", ACTUATOR + "/health/liveness", ACTUATOR + "/health/readiness");

    private final Authenticator authenticator;

    ActuatorAccessFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !(path.equals(ACTUATOR) || path.startsWith(ACTUATOR + "/")) || PUBLIC_HEALTH.contains(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            authenticator.authenticate(request);
        } catch (DomainException e) {
            ApiError.write(response, e.code(), e.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }

    private static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }
}
