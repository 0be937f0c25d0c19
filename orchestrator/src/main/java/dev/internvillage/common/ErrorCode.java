package dev.internvillage.common;

/** The stable error codes of the API (docs/api.md) and the HTTP status each maps to. */
public enum ErrorCode {
    INVALID_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    /** The request named a host this server does not answer to (a DNS rebinding attempt or a wrong ALLOWED_HOSTS). */
    MISDIRECTED_REQUEST(421),
    UNPROCESSABLE(422),
    TOO_MANY_CONNECTIONS(429),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code for an HTTP status that was set outside our own exception handling (the container, a filter). */
    public static ErrorCode forStatus(int status) {
        for (ErrorCode code : values()) {
            if (code.httpStatus == status) {
                return code;
            }
        }
        return status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL;
    }
}
