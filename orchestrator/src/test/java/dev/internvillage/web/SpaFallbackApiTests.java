package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.ApiTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Deep links of the web UI load its page; API calls and missing files keep their own answers. */
class SpaFallbackApiTests extends ApiTestBase {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDeepLinkOpenedInTheBrowserGetsThePage() throws Exception {
        String path = "/projects/" + UUID.randomUUID() + "/subtasks/" + UUID.randomUUID();

        HttpResponse<String> response = get(path, BROWSER_ACCEPT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(response.body()).contains("<div id=\"root\"></div>");
    }

    @Test
    void theRootAndOtherPagesToo() throws Exception {
        assertThat(get("/", BROWSER_ACCEPT).body()).contains("<div id=\"root\">");
        assertThat(get("/login", "text/html").statusCode()).isEqualTo(200);
        assertThat(get("/no/such/page", BROWSER_ACCEPT).statusCode())
                .as("the page itself shows not-found")
                .isEqualTo(200);
    }

    @Test
    void apiPathsKeepTheirJsonErrors() throws Exception {
        HttpResponse<String> response = get("/api/no-such-endpoint", BROWSER_ACCEPT);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"").doesNotContain("<div id=\"root\">");
        assertThat(get("/api/projects", BROWSER_ACCEPT).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsThatDoNotAskForHtmlOrNameAFileAreNotRedirected() throws Exception {
        assertThat(get("/projects/abc", "*/*").statusCode()).isEqualTo(404);
        assertThat(get("/projects/abc", "application/json").statusCode()).isEqualTo(404);
        assertThat(get("/projects/abc", null).statusCode()).isEqualTo(404);
        assertThat(get("/assets/missing-1234.js", BROWSER_ACCEPT).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyReads() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(baseUrl() + "/projects/abc"))
                .header("Accept", BROWSER_ACCEPT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();

        assertThat(CLIENT.send(post, HttpResponse.BodyHandlers.ofString()).body())
                .doesNotContain("<div id=\"root\">");
    }
}
