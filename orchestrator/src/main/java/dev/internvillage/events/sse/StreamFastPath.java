package dev.internvillage.events.sse;

import dev.internvillage.common.ApiError;
import dev.internvillage.common.ErrorCode;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens event streams ({@code GET /api/projects/{id}/events}, {@code GET /api/events}) as soon as the
 * web module's own checks have run (host, body size, cross-site), without the rest of the filter chain
 * and Spring MVC's dispatch. A reconnect storm is thousands of these at once, and most of each one's CPU
 * went to that stack, which decides nothing for a stream: Spring Security permits every request (who
 * a request is, {@code Authenticator} reads for itself) and the handler is always the same. So this
 * writes the security headers the chain would have added, and {@link StreamOpenings} does the rest,
 * exactly as the controllers do for any stream request this leaves to them (a path it does not take
 * as written: encoded characters, path parameters, a trailing slash).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class StreamFastPath extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(StreamFastPath.class);
    private static final String USER_STREAM = "/api/events";
    private static final Pattern PROJECT_STREAM = Pattern.compile("/api/projects/([0-9A-Za-z-]{1,64})/events");

    // looked up on first use: the container creates its filters before the application's other beans,
    // and the openings need most of them (created then, they would be created out of their usual order)
    private final SingletonSupplier<StreamOpenings> openings;

    StreamFastPath(ObjectProvider<StreamOpenings> openings) {
        this.openings = SingletonSupplier.of(openings::getObject);
    }

    /** Whether this filter opens the stream {@code request} asks for. */
    static boolean takes(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI();
        return USER_STREAM.equals(path) || PROJECT_STREAM.matcher(path).matches();
    }

    /**
     * Spring's request observation (the {@code http.server.requests} metrics) runs before any filter of
     * ours; a stream it would record with an unknown URI only costs the connect, and the streams have
     * their own metrics ({@code iv.events.*}).
     */
    @Bean
    static ObservationPredicate streamRequestsUnobserved() {
        return (name, context) ->
                !(context instanceof ServerRequestObservationContext request && takes(request.getCarrier()));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (USER_STREAM.equals(path)) {
            open(request, response, null);
            return;
        }
        Matcher project = PROJECT_STREAM.matcher(path);
        if (project.matches()) {
            open(request, response, project.group(1));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Opens the user's stream ({@code projectId} null) or a project's. */
    private void open(HttpServletRequest request, HttpServletResponse response, @Nullable String projectId)
            throws IOException {
        securityHeaders(request, response);
        String subscribeLogs = subscribeLogs(request);
        try {
            StreamOpenings open = openings.obtain();
            if (projectId == null) {
                open.user(request, response, subscribeLogs);
            } else {
                open.project(request, response, projectId, subscribeLogs);
            }
        } catch (RuntimeException e) {
            // what the API's exception handler answers to the unexpected, which it does not see here
            log.error("Unexpected error opening an event stream", e);
            if (!response.isCommitted()) {
                ApiError.write(response, ErrorCode.INTERNAL, "internal error; see the server log");
            }
        }
    }

    /**
     * Spring Security's default headers as this app configures them (its cache headers off): the
     * stream and its refusals carry the same ones as every other API response.
     */
    static void securityHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader("X-Frame-Options", "DENY");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
    }

    /** The parameter as a {@code @RequestParam String} binds it: repeated values joined by commas. */
    private static @Nullable String subscribeLogs(HttpServletRequest request) {
        String[] values = request.getParameterValues("subscribe_logs");
        return values == null ? null : String.join(",", values);
    }
}
