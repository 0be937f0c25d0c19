package dev.internvillage.web;

import dev.internvillage.common.ErrorCode;

/** The CONTRACT error body: {@code {"error":{"code":"…","message":"…"}}}. */
record ApiError(Detail error) {

    record Detail(ErrorCode code, String message) {}

    static ApiError of(ErrorCode code, String message) {
        return new ApiError(new Detail(code, message));
    }
}
