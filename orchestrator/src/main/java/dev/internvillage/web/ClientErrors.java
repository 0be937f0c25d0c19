package dev.internvillage.web;

import dev.internvillage.common.ErrorCode;
import org.jspecify.annotations.Nullable;

/** The status and error code to answer with where the servlet container chose the status. */
final class ClientErrors {

    private ClientErrors() {}

    /**
     * {@code status}, except for the two 5xx the container sends for a request it cannot take: 501
     * (the {@code CONNECT} method, which has no route here: 405; an unknown {@code Transfer-Encoding}:
     * 400) and 505 (an HTTP version other than 1.0 and 1.1: 400). Those are the client's fault.
     */
    static int status(int status, @Nullable String method) {
        return switch (status) {
            case 501 -> "CONNECT".equalsIgnoreCase(method) ? 405 : 400;
            case 505 -> 400;
            default -> status;
        };
    }

    static ErrorCode code(int status, @Nullable String method) {
        return ErrorCode.forStatus(status(status, method));
    }
}
