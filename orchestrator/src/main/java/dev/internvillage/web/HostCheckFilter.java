package dev.internvillage.web;

import dev.internvillage.common.ApiError;
import dev.internvillage.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers only requests whose {@code Host} names this server ({@link ServedHosts}), on every path:
 * API, event stream, web UI and actuator. Against DNS rebinding: a page of {@code
 * rebind.example} whose name an attacker re-points at 127.0.0.1 is, for the browser, same-origin with
 * the app, so the origin check cannot tell it apart; its {@code Host} header still says {@code
 * rebind.example}. Refused with 421 Misdirected Request, before anything else runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class HostCheckFilter extends OncePerRequestFilter {

    private final ServedHosts served;

    HostCheckFilter(ServedHosts served) {
        this.served = served;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!served.serves(request.getServerName())) {
            response.setHeader("Connection", "close");
            ApiError.write(
                    response,
                    ErrorCode.MISDIRECTED_REQUEST,
                    "this server does not answer to the host this request names; see PUBLIC_URL and ALLOWED_HOSTS");
            return;
        }
        chain.doFilter(request, response);
    }
}
