package dev.internvillage.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Deep links of the single-page web UI ({@code /projects/…}) are answered with its {@code
 * index.html}, so a reload or a shared link opens the page instead of a 404. Only browser page
 * loads qualify: a GET or HEAD that asks for HTML, outside {@code /api}, for a path that does not
 * name a file (no dot in its last segment). Everything else, API calls and missing assets included,
 * keeps its normal answer.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class SpaFallbackFilter extends OncePerRequestFilter {

    static final String INDEX = "/index.html";

    private final boolean uiPresent = new ClassPathResource("static" + INDEX).exists();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!uiPresent) {
            return true;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/api")
                || path.startsWith("/api/")
                || path.startsWith("/actuator")
                || path.startsWith("/v3/api-docs")
                || path.equals("/error")) {
            return true;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.contains(".") || !acceptsHtml(request.getHeader(HttpHeaders.ACCEPT));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the page is tiny and names hashed assets: always ask for the current one
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        request.getRequestDispatcher(INDEX).forward(request, response);
    }

    /** True when the client names HTML itself; a bare wildcard (fetch, curl) does not count. */
    static boolean acceptsHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream()
                    .anyMatch(t ->
                            !t.isWildcardType() && t.isCompatibleWith(MediaType.TEXT_HTML) && t.getQualityValue() > 0);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
