package dev.internvillage.web;

import dev.internvillage.common.ApiError;
import dev.internvillage.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them, the parts of a request that the servlet container and Spring
 * cannot read and would fail on with an exception (a 500) instead of an answer: a wildcard {@code
 * Content-Type} ({@code *}{@code /*}, {@code application/*}), which Spring refuses to hold as the type of
 * a body, and a query string the container cannot parse (an escape that does not decode to UTF-8, a
 * parameter without a name, too many parameters), which it throws on as soon as anyone asks for a
 * parameter (Spring, or a security filter on its way).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnreadableRequestFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isWildcard(request.getContentType())) {
            ApiError.write(
                    response,
                    ErrorCode.INVALID_REQUEST,
                    "Content-Type must name one media type, not a wildcard; send application/json");
            return;
        }
        ErrorCode unreadable = unreadableParameters(request);
        if (unreadable != null) {
            ApiError.write(
                    response,
                    unreadable,
                    "the query string cannot be read: every parameter needs a name, and every % must start"
                            + " an escape of UTF-8 bytes (%XX)");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isWildcard(@Nullable String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false; // not a media type at all: Spring refuses that itself with a 400
        }
    }

    /**
     * Why the container cannot read the request's parameters, or null when it can. It is asked to
     * parse them now, unless that would read a form body (the API takes none, and leaves bodies to
     * whoever handles the request): then only the query string's escapes are checked, by hand.
     */
    private static @Nullable ErrorCode unreadableParameters(HttpServletRequest request) {
        String contentType = request.getContentType();
        boolean formBody = contentType != null
                && (contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                        || contentType.regionMatches(true, 0, "multipart/", 0, 10));
        if (formBody) {
            return decodes(request.getQueryString()) ? null : ErrorCode.INVALID_REQUEST;
        }
        try {
            request.getParameterMap();
            return null;
        } catch (InvalidParameterException e) {
            return e.getErrorCode() == ErrorCode.PAYLOAD_TOO_LARGE.httpStatus()
                    ? ErrorCode.PAYLOAD_TOO_LARGE
                    : ErrorCode.INVALID_REQUEST;
        } catch (IllegalStateException e) {
            return ErrorCode.INVALID_REQUEST;
        }
    }

    /** True when every {@code %XX} escape is hex and the bytes they spell are valid UTF-8. */
    static boolean decodes(@Nullable String query) {
        if (query == null || query.indexOf('%') < 0) {
            return true;
        }
        ByteBuffer bytes = ByteBuffer.allocate(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length()
                        || Character.digit(query.charAt(i + 1), 16) < 0
                        || Character.digit(query.charAt(i + 2), 16) < 0) {
                    return false;
                }
                bytes.put((byte) Integer.parseInt(query, i + 1, i + 3, 16));
                i += 2;
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                // the container has already decoded the raw bytes of the request line; what is not
                // ASCII here was checked by it, so only the escapes remain to check
                bytes.put((byte) 'x');
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
