package dev.internvillage.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the app serves is the one the repository keeps in {@code docs/openapi.json}
 * (from which the web UI's API types are generated). A change to a controller or a payload that
 * changes the document fails here until the file is regenerated.
 */
class OpenApiDocumentTests extends ApiTestBase {

    /** Where the committed copy lives, from the module directory the tests run in. */
    static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

    private static final String REGENERATE = "regenerate it with ./mvnw -pl orchestrator -Dfrontend.skip test"
            + " -Dtest=OpenApiDocumentTests -Dopenapi.write=true, then in frontend/: npm run gen:api-types";

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        ApiResponse response = localUser().get("/v3/api-docs");
        assertThat(response.status()).as("GET /v3/api-docs: %s", response).isEqualTo(200);
        String served = OpenApiFile.format(response.json());

        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }

        assertThat(Files.exists(COMMITTED))
                .as("docs/openapi.json is missing; " + REGENERATE)
                .isTrue();
        String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        // compared as a boolean: the two documents printed in full would bury the message
        assertThat(served.equals(committed))
                .as(
                        "the served OpenAPI document differs from docs/openapi.json (first difference: %s); %s",
                        OpenApiFile.firstDifference(committed, served), REGENERATE)
                .isTrue();
    }

    @Test
    void aBrowserGetsTheDocumentNotTheWebUi() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v3/api-docs"))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).startsWith("{").contains("\"openapi\":\"3.1");
    }
}
