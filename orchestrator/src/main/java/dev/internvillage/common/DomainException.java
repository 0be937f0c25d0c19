package dev.internvillage.common;

/**
 * A problem a caller can act on. Every module raises this (or a subclass) and the web layer turns it
 * into the API error body (docs/api.md), so the message must make sense to an API user: no class names, no
 * paths of the server's own files.
 */
public class DomainException extends RuntimeException {

    private final ErrorCode code;

    public DomainException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static DomainException invalid(String message) {
        return new DomainException(ErrorCode.INVALID_REQUEST, message);
    }

    public static DomainException notFound(String what) {
        return new DomainException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static DomainException unauthorized(String message) {
        return new DomainException(ErrorCode.UNAUTHORIZED, message);
    }

    public static DomainException conflict(String message) {
        return new DomainException(ErrorCode.CONFLICT, message);
    }

    public static DomainException unprocessable(String message) {
        return new DomainException(ErrorCode.UNPROCESSABLE, message);
    }
}
