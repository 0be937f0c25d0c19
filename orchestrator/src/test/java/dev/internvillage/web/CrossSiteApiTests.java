package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A web page of another site, or of another origin on this machine, cannot make the API change anything. */
class CrossSiteApiTests extends ApiTestBase {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ApiResponse post(String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new ApiResponse(response.statusCode(), response.headers(), response.body());
    }

    private int projectCount() {
        return localUser().get("/api/projects").json().size();
    }

    @Test
    void aCrossSiteBrowserRequestIsRefused() throws Exception {
        int before = projectCount();

        ApiResponse response = post("/api/projects/demo", "Sec-Fetch-Site", "cross-site");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(projectCount()).as("nothing was created").isEqualTo(before);
    }

    @Test
    void aPageOnAnotherPortOfThisMachineIsRefused() throws Exception {
        int before = projectCount();
        String otherPort = "http://127.0.0.1:" + (port == 65535 ? port - 1 : port + 1);
        // what a browser sends for a fetch() from such a page: the same site, another origin
        Map<String, ApiResponse> answers = new LinkedHashMap<>();
        answers.put("Origin of another port", post("/api/projects/demo", "Origin", otherPort));
        answers.put("same-site", post("/api/projects/demo", "Sec-Fetch-Site", "same-site"));
        answers.put(
                "both, as Chromium sends them",
                post("/api/projects/demo", "Origin", otherPort, "Sec-Fetch-Site", "same-site"));
        answers.put(
                "localhost instead of 127.0.0.1",
                post("/api/projects/demo", "Origin", "http://localhost:" + port, "Sec-Fetch-Site", "same-site"));
        answers.put(
                "https instead of http",
                post("/api/projects/demo", "Origin", "https://127.0.0.1:" + port, "Sec-Fetch-Site", "cross-site"));

        answers.forEach((what, response) -> {
            assertThat(response.status()).as(what).isEqualTo(403);
            assertThat(response.errorCode()).as(what).isEqualTo("FORBIDDEN");
        });
        assertThat(projectCount()).as("nothing was created").isEqualTo(before);
    }

    @Test
    void aForeignOrOpaqueOriginIsRefused() throws Exception {
        assertThat(post("/api/projects/demo", "Origin", "https://evil.example").status())
                .isEqualTo(403);
        assertThat(post("/api/projects/demo", "Origin", "null").status()).isEqualTo(403);
        assertThat(post("/api/projects/demo", "Origin", "https://evil.example", "Sec-Fetch-Site", "same-origin")
                        .status())
                .as("a same-origin label does not excuse a foreign Origin")
                .isEqualTo(403);
    }

    @Test
    void ownOriginBrowserRequestsAndScriptsPass() throws Exception {
        String own = "http://127.0.0.1:" + port;
        assertThat(post("/api/projects/demo", "Origin", own, "Sec-Fetch-Site", "same-origin")
                        .status())
                .isEqualTo(201);
        assertThat(post("/api/projects/demo", "Sec-Fetch-Site", "same-origin").status())
                .isEqualTo(201);
        assertThat(post("/api/projects/demo", "Origin", own).status()).isEqualTo(201);
        assertThat(post("/api/projects/demo", "Sec-Fetch-Site", "none").status())
                .as("typed or bookmarked by the user")
                .isEqualTo(201);
        assertThat(post("/api/projects/demo").status()).as("curl").isEqualTo(201);
        assertThat(newUser().post("/api/projects/demo").status()).isEqualTo(201);
    }

    @Test
    void readsAreNotAffected() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/auth/me"))
                .header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://evil.example")
                .build();

        assertThat(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }
}
