package dev.internvillage.apidocs;

import dev.internvillage.common.ErrorCode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;

/**
 * What springdoc cannot read from a handler's signature: every operation can answer with the API's
 * one error body ({@code ApiError}: {@code {"error":{"code","message"}}}, written by the exception
 * handler for any failure), and a handler returning {@code ResponseEntity<Void>} answers 204 (this
 * API sends an empty body only as No Content).
 */
final class ErrorResponses implements OperationCustomizer, OpenApiCustomizer {

    static final String SCHEMA = "ApiError";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (returnsNoBody(handler) && operation.getResponses().containsKey("200")) {
            ApiResponse ok = operation.getResponses().remove("200");
            operation.getResponses().addApiResponse("204", ok.content(null).description("No Content"));
        }
        operation
                .getResponses()
                .addApiResponse(
                        "default",
                        new ApiResponse()
                                .description("An error: the status and the code say which")
                                .content(new Content()
                                        .addMediaType(
                                                "application/json",
                                                new MediaType()
                                                        .schema(new Schema<>()
                                                                .$ref("#/components/schemas/" + SCHEMA)))));
        return operation;
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents().addSchemas(SCHEMA, errorBody());
    }

    private static boolean returnsNoBody(HandlerMethod handler) {
        Type type = handler.getMethod().getGenericReturnType();
        return type instanceof ParameterizedType parameterized
                && parameterized.getRawType() == ResponseEntity.class
                && parameterized.getActualTypeArguments()[0] == Void.class;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema errorBody() {
        Map<String, Schema> detail = new LinkedHashMap<>();
        detail.put(
                "code",
                new Schema<>()
                        .typesItem("string")
                        ._enum(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()));
        detail.put("message", new Schema<>().typesItem("string"));
        Schema error = new Schema<>().typesItem("object").properties(detail).required(List.of("code", "message"));
        return new Schema<>()
                .typesItem("object")
                .description("The body of every error response")
                .properties(Map.of("error", error))
                .required(List.of("error"));
    }
}
