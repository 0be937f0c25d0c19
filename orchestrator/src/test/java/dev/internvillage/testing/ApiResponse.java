package dev.internvillage.testing;

import java.net.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A response as a test sees it: status, headers, body, and the body as JSON. */
public record ApiResponse(int status, HttpHeaders headers, String body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public JsonNode json() {
        return JSON.readTree(body);
    }

    /** The {@code error.code} of an API error body. */
    public String errorCode() {
        return json().path("error").path("code").asString();
    }

    public String errorMessage() {
        return json().path("error").path("message").asString();
    }

    public String id() {
        return json().path("id").asString();
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
