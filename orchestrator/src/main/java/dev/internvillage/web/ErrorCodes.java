package dev.internvillage.web;

import dev.internvillage.common.ErrorCode;

/** The error code for an HTTP status that was set outside our own exception handling. */
final class ErrorCodes {

    private ErrorCodes() {}

    static ErrorCode forStatus(int status) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.httpStatus() == status) {
                return code;
            }
        }
        return status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL;
    }
}
