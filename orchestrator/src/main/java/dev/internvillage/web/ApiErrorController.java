package dev.internvillage.web;

import dev.internvillage.common.ApiError;
import dev.internvillage.common.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised before a controller runs (by the servlet container or a filter) land here instead of
 * Spring Boot's default page, so they too have the API error body. A client that asks for {@code
 * /error} itself reaches no error at all: that is a path like any other without a route, a 404.
 */
@RestController
class ApiErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? ClientErrors.status(i, request.getMethod()) : 404;
        ErrorCode errorCode = ErrorCode.forStatus(code);
        String message = switch (errorCode) {
            case NOT_FOUND -> "not found";
            case INTERNAL -> "internal error; see the server log";
            case METHOD_NOT_ALLOWED -> "this method is not supported here";
            default -> "the request could not be processed";
        };
        return ResponseEntity.status(code)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(errorCode, message));
    }
}
