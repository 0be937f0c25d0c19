package dev.internvillage.web;

import dev.internvillage.common.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;

/** The CONTRACT error body: {@code {"error":{"code":"…","message":"…"}}}. */
record ApiError(Detail error) {

    record Detail(ErrorCode code, String message) {}

    static ApiError of(ErrorCode code, String message) {
        return new ApiError(new Detail(code, message));
    }

    /** Answers a request with this body from a filter, where no exception handler runs. */
    static void write(HttpServletResponse response, JsonMapper json, ErrorCode code, String message)
            throws IOException {
        response.setStatus(code.httpStatus());
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), of(code, message));
    }
}
