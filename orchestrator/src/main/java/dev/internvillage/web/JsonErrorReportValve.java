package dev.internvillage.web;

import dev.internvillage.common.ApiError;
import dev.internvillage.common.ErrorCode;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat answers some requests itself, before Spring sees them: a URL with broken percent-encoding,
 * a request line too long, the {@code CONNECT} method, an HTTP version it does not speak. Its default
 * valve renders those as HTML; this one writes the API error body (docs/api.md), so no client ever has to parse
 * an HTML error page. The two 5xx statuses Tomcat uses for what the client sent (501 for {@code
 * CONNECT} or an unknown transfer coding, 505 for the version) become the 4xx they are: the request is
 * at fault, not the server.
 */
class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // same guards as Tomcat's own valve: only errors, only once, never over a written body
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        int answered = ClientErrors.status(status, request.getMethod());
        ErrorCode code = ErrorCode.forStatus(answered);
        String message = switch (code) {
            case INTERNAL -> "internal error; see the server log";
            case METHOD_NOT_ALLOWED -> "this method is not supported";
            default -> "the request is malformed";
        };
        try {
            response.setStatus(answered);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ApiError.of(code, message).toJson());
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is already on its way: nothing left to report to
        }
    }
}
