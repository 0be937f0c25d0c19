package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A web page of another site cannot make the local API change anything. */
class CrossSiteApiTests extends ApiTestBase {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ApiResponse post(String path, String header, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new ApiResponse(response.statusCode(), response.headers(), response.body());
    }

    @Test
    void aCrossSiteBrowserRequestIsRefused() throws Exception {
        int before = localUser().get("/api/projects").json().size();

        ApiResponse response = post("/api/projects/demo", "Sec-Fetch-Site", "cross-site");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(localUser().get("/api/projects").json().size())
                .as("nothing was created")
                .isEqualTo(before);
    }

    @Test
    void aForeignOriginIsRefused() throws Exception {
        assertThat(post("/api/projects/demo", "Origin", "https://evil.example").status())
                .isEqualTo(403);
        assertThat(post("/api/projects/demo", "Origin", "null").status()).isEqualTo(403);
    }

    @Test
    void sameOriginBrowserRequestsAndScriptsPass() throws Exception {
        assertThat(post("/api/projects/demo", "Sec-Fetch-Site", "same-origin").status())
                .isEqualTo(201);
        assertThat(post("/api/projects/demo", "Origin", "http://127.0.0.1:" + port)
                        .status())
                .isEqualTo(201);
        assertThat(newUser().post("/api/projects/demo").status()).isEqualTo(201);
    }

    @Test
    void readsAreNotAffected() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/auth/me"))
                .header("Sec-Fetch-Site", "cross-site")
                .build();

        assertThat(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }
}
