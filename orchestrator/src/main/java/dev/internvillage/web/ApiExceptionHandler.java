package dev.internvillage.web;

import dev.internvillage.common.ApiError;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Maps every exception to the API error body (docs/api.md) with a stable code. Messages name the field or
 * value at fault, never a Java class, a stack trace or a server path; anything unexpected is a
 * logged 500 with a generic message.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ApiError> domain(DomainException e) {
        return respond(e.code(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> invalidBody(MethodArgumentNotValidException e) {
        String message = e.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::describe)
                .distinct()
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(ErrorCode.INVALID_REQUEST, message.isEmpty() ? "invalid request body" : message);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ApiError> invalidParameters(HandlerMethodValidationException e) {
        return respond(ErrorCode.INVALID_REQUEST, "invalid request parameters");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        if (e.getMostSpecificCause() instanceof BodyTooLargeException tooLarge) {
            return respond(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
        }
        return respond(ErrorCode.INVALID_REQUEST, unreadableMessage(e));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == null
                ? "a valid value"
                : switch (type.getSimpleName()) {
                    case "UUID" -> "a UUID";
                    case "Integer", "int", "Long", "long" -> "a whole number";
                    default -> "a valid value";
                };
        return respond(ErrorCode.INVALID_REQUEST, e.getName() + " must be " + expected);
    }

    @ExceptionHandler(MissingPathVariableException.class)
    ResponseEntity<ApiError> blankPathVariable(MissingPathVariableException e) {
        // a blank id such as /api/subtasks/%20 converts to null
        return respond(ErrorCode.INVALID_REQUEST, e.getVariableName() + " must be a UUID");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return respond(ErrorCode.INVALID_REQUEST, e.getParameterName() + " is required");
    }

    /**
     * The container could not read the query parameters (an escape {@link UnreadableRequestFilter} let
     * through, or more parameters than it takes): its status is the client's error, 400 or 413.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ApiError> unreadableParameters(InvalidParameterException e) {
        ErrorCode code = e.getErrorCode() == ErrorCode.PAYLOAD_TOO_LARGE.httpStatus()
                ? ErrorCode.PAYLOAD_TOO_LARGE
                : ErrorCode.INVALID_REQUEST;
        return respond(code, "the request parameters could not be read");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(ErrorCode.INVALID_REQUEST, "the request body must be JSON (Content-Type: application/json)");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(ErrorCode.INVALID_REQUEST, "this endpoint answers with application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return respond(ErrorCode.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noRoute(NoResourceFoundException e) {
        return respond(ErrorCode.NOT_FOUND, "no such endpoint: /" + e.getResourcePath());
    }

    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<ApiError> lockTimeout(PessimisticLockingFailureException e) {
        return respond(ErrorCode.CONFLICT, "the resource is busy with another change; try again");
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiError> integrity(DataIntegrityViolationException e) {
        // the services check input first; reaching this means a race (e.g. a row deleted meanwhile)
        log.warn("Integrity violation: {}", e.getMostSpecificCause().getMessage());
        return respond(ErrorCode.CONFLICT, "the change conflicts with another change; reload and try again");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return respond(ErrorCode.INTERNAL, "internal error; see the server log");
    }

    /**
     * The error as JSON whatever the request's {@code Accept} says: a type set here is not negotiated,
     * so a client that asked only for HTML still learns what went wrong instead of getting an empty
     * 406, and the handler never fails on writing its own answer.
     */
    static ResponseEntity<ApiError> respond(ErrorCode code, String message) {
        return ResponseEntity.status(code.httpStatus())
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(code, message));
    }

    private static String describe(FieldError error) {
        return JsonNames.snakeCase(error.getField()) + " " + error.getDefaultMessage();
    }

    private static String unreadableMessage(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JacksonException jackson) {
            String path = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (!path.isEmpty()) {
                return path + ": has the wrong type or format";
            }
            if (jackson instanceof StreamReadException) {
                // parser messages name characters and positions only, never our classes
                return "malformed JSON: " + firstLine(jackson.getOriginalMessage());
            }
            return "the request body must be a JSON object with the documented fields";
        }
        return e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "a JSON request body is required"
                : "malformed JSON request body";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
