package dev.internvillage.common;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's error body, {@code {"error":{"code":"…","message":"…"}}}: what the exception handler
 * returns, and what every other place that refuses a request writes with {@link #write} (filters,
 * the event stream's refusals, the sign-in callback) or {@link #toJson} (the container's own error
 * report), so the shape is defined once.
 */
public record ApiError(Detail error) {

    /** The body's two fields are single words, so any naming strategy spells them the same. */
    private static final JsonMapper JSON = JsonMapper.shared();

    public record Detail(ErrorCode code, String message) {}

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(new Detail(code, message));
    }

    /** Answers a request with this body and the code's status, where no exception handler runs. */
    public static void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        response.setStatus(code.httpStatus());
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), of(code, message));
    }

    /** The body as JSON text, for a writer that has only a character stream. */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }
}
