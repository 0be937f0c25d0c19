package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input of every kind gets the API error body (docs/api.md) with a 4xx, never a 500 or an HTML page. */
class ErrorApiTests extends ApiTestBase {

    private static void assertError(ApiResponse response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.errorMessage()).isNotBlank().doesNotContain("Exception", "java.", "dev.internvillage");
    }

    @Test
    void malformedJsonIsABadRequest() {
        Api api = newUser();
        String tasks = "/api/projects/" + createProject(api) + "/tasks";

        assertError(api.post(tasks, "{\"title\": \"t\", "), 400, "INVALID_REQUEST");
        assertError(api.post(tasks, "not json"), 400, "INVALID_REQUEST");
        assertError(api.post(tasks, "[1,2]"), 400, "INVALID_REQUEST");
        assertError(api.post(tasks, ""), 400, "INVALID_REQUEST");
        assertThat(api.post(tasks, "").errorMessage()).isEqualTo("a JSON request body is required");
    }

    @Test
    void wrongTypesAreABadRequest() {
        Api api = newUser();

        ApiResponse response = api.post("/api/projects", "{\"repo_url\": {\"nested\": true}}");

        assertError(response, 400, "INVALID_REQUEST");
        assertThat(response.errorMessage()).isEqualTo("repo_url: has the wrong type or format");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/projects/not-a-uuid",
                "/api/projects/123/tasks",
                "/api/tasks/zzz",
                "/api/tasks/zzz/subtasks",
                "/api/tasks/zzz/runs",
                "/api/subtasks/%20",
                "/api/subtasks/x/runs",
                "/api/runs/1/logs"
            })
    void nonUuidIdsAreABadRequest(String path) {
        ApiResponse response = newUser().get(path);

        assertError(response, 400, "INVALID_REQUEST");
        assertThat(response.errorMessage()).endsWith("must be a UUID");
    }

    @Test
    void nonUuidIdsInActionsAreABadRequest() {
        Api api = newUser();

        assertError(api.post("/api/subtasks/nope/start"), 400, "INVALID_REQUEST");
        assertError(api.patch("/api/subtasks/nope/position", "{\"position\":1}"), 400, "INVALID_REQUEST");
        assertError(api.delete("/api/tasks/nope"), 400, "INVALID_REQUEST");
    }

    @Test
    void unknownRoutesUnderApiAreJsonNotFound() {
        Api api = newUser();

        assertError(api.get("/api/nothing-here"), 404, "NOT_FOUND");
        assertError(api.get("/api/projects/x/y/z"), 404, "NOT_FOUND");
        assertError(api.post("/api/teapot", "{}"), 404, "NOT_FOUND");
    }

    @Test
    void anUnsupportedMethodIsRefused() {
        assertError(newUser().send("PUT", "/api/projects", "{}", "application/json"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() {
        ApiResponse response =
                newUser().send("POST", "/api/projects", "repo_url=/tmp", "application/x-www-form-urlencoded");

        assertError(response, 400, "INVALID_REQUEST");
        assertThat(response.errorMessage()).contains("must be JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "*/*; charset=utf-8", "text/*"})
    void aWildcardContentTypeIsABadRequest(String contentType) {
        Api api = newUser();
        String tasks = "/api/projects/" + createProject(api) + "/tasks";

        ApiResponse response = api.send("POST", tasks, "{\"title\":\"t\",\"description\":\"d\"}", contentType);

        assertError(response, 400, "INVALID_REQUEST");
        assertThat(response.errorMessage()).contains("not a wildcard");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=%ff", "limit=%C3%28", "limit=%zz", "limit=%", "lim%zzit=1", "=1"})
    void aQueryStringTheServerCannotDecodeIsABadRequest(String query) throws Exception {
        String path = "/api/runs/00000000-0000-0000-0000-000000000000/logs?" + query;

        String response = rawRequest("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400").contains("\"INVALID_REQUEST\"", "query string");
    }

    @Test
    void theErrorPathItselfIsNotFound() {
        assertError(newUser().get("/error"), 404, "NOT_FOUND");
    }

    @Test
    void anErrorIsJsonWhateverTheClientAccepts() throws Exception {
        String response = rawRequest("GET /api/projects/not-a-uuid HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 400")
                .contains("Content-Type: application/json")
                .contains("\"INVALID_REQUEST\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CONNECT localhost:80 HTTP/1.1|405 ",
                "CONNECT /api/projects HTTP/1.1|405 ",
                "GET /api/projects HTTP/9.9|400 ",
                "GET /api/projects HTTP/2.0|400 ",
                "POST /api/projects HTTP/1.1\r\nTransfer-Encoding: gzip|400 "
            })
    void whatTheContainerRefusesIsAClientErrorWithTheJsonBody(String requestAndStatus) throws Exception {
        String[] parts = requestAndStatus.split("\\|");

        String response = rawRequest(parts[0] + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 " + parts[1]).contains("Content-Type: application/json");
        assertThat(response).containsPattern("\\{\"error\":\\{\"code\":\"(METHOD_NOT_ALLOWED|INVALID_REQUEST)\"");
    }

    @Test
    void anOversizeBodyIsRefused() {
        String huge = "{\"repo_url\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";

        ApiResponse response = newUser().post("/api/projects", huge);

        assertError(response, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void anOversizeChunkedBodyIsRefused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/projects HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("{\"repo_url\":\"" + "a".repeat(64 * 1024)).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 40; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException e) {
                // the server may answer and close before the whole body is sent
            }
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("\"PAYLOAD_TOO_LARGE\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/projects/%zz", "/api/projects/%", "/api/projects/..%2f..%2fetc", "/api/projects/%00"})
    void urlsTomcatRefusesItselfStillGetTheJsonErrorBody(String path) throws Exception {
        String response = rawRequest("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400").contains("Content-Type: application/json");
        assertThat(response)
                .endsWith("{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"the request is malformed\"}}");
    }

    @Test
    void anOversizeHeaderGetsTheJsonErrorBody() throws Exception {
        String response = rawRequest("GET /api/projects HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 400")
                .contains("\"INVALID_REQUEST\"")
                .doesNotContain("<html");
    }

    private String rawRequest(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aNonNumericPositionIsABadRequest() {
        assertError(
                newUser().patch("/api/subtasks/00000000-0000-0000-0000-000000000000/position", "{\"position\":true}"),
                400,
                "INVALID_REQUEST");
    }
}
