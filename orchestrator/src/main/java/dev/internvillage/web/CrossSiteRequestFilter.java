package dev.internvillage.web;

import dev.internvillage.common.ApiError;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.common.PublicUrl;
import dev.internvillage.common.WebOrigin;
import dev.internvillage.github.GitHubWebhooks;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets only this server's own pages change anything through the API. Local mode has no sign-in, so
 * without this any web page could POST to 127.0.0.1 (a body-less POST such as {@code /start} needs no
 * CORS preflight). A state-changing request is refused (403) when
 *
 * <ul>
 *   <li>its {@code Sec-Fetch-Site} is anything but {@code same-origin} or {@code none}: {@code
 *       same-site} too, because every port of 127.0.0.1 is the same site, so a page served by any
 *       other program on this machine would pass; or
 *   <li>its {@code Origin} is not this server's origin: the scheme, host and port the request itself
 *       was sent to, or {@code PUBLIC_URL} when set (behind a proxy the server sees another one).
 * </ul>
 *
 * Clients that are not browsers (curl, scripts) send neither header and pass. A page on a host name an
 * attacker points at 127.0.0.1 would be its own origin; {@link HostCheckFilter} refuses its host first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_FETCH_SITES = Set.of("same-origin", "none");

    private final PublicUrl publicUrl;

    CrossSiteRequestFilter(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    /**
     * GitHub's webhook is exempt: GitHub is another site by definition, and the delivery proves
     * itself with the signature of its body, which no page can make without the secret.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SAFE_METHODS.contains(request.getMethod())
                || !request.getRequestURI().startsWith("/api/")
                || request.getRequestURI().equals(GitHubWebhooks.PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!fromOwnPage(request)) {
            ApiError.write(
                    response, ErrorCode.FORBIDDEN, "requests from another site or origin may not change anything here");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean fromOwnPage(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !OWN_FETCH_SITES.contains(fetchSite)) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        // "null" (a sandboxed frame, a file: page) and garbage parse to nothing: never this server
        Optional<WebOrigin> sender = WebOrigin.parse(origin);
        return sender.isPresent()
                && (sender.get().equals(ownOrigin(request)) || sender.get().equals(publicUrl.origin()));
    }

    private static WebOrigin ownOrigin(HttpServletRequest request) {
        return new WebOrigin(request.getScheme(), request.getServerName(), request.getServerPort());
    }
}
