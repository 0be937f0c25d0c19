package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.SseClient;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Streams open straight after the web module's filters, without Spring Security's chain and MVC
 * dispatch: the response is the one the controllers give (headers included), and a stream path the
 * fast path leaves alone still opens the same stream through the controllers.
 */
class StreamFastPathApiTests extends EventsTestBase {

    private static final List<String> SECURITY_HEADERS =
            List.of("X-Content-Type-Options", "X-XSS-Protection", "X-Frame-Options");

    @Test
    void streamsAndTheirRefusalsCarryTheSecurityHeadersOfEveryOtherApiResponse() {
        Owner owner = owner();
        String project = createProject(owner.api());
        var api = owner.api().get("/api/projects");
        assertThat(api.status()).isEqualTo(200);
        Map<String, String> expected = securityHeaders(api.headers());
        assertThat(expected).as("the API's own headers").hasSize(SECURITY_HEADERS.size());

        try (SseClient projectStream = stream(owner.api(), project, "");
                SseClient userStream =
                        SseClient.connect(baseUrl() + "/api/events", owner.api().cookie(), null);
                SseClient missing =
                        stream(owner.api(), java.util.UUID.randomUUID().toString(), "")) {
            projectStream.await(EventPayloads.CONNECTED);
            userStream.await(EventPayloads.CONNECTED);
            assertThat(missing.status()).isEqualTo(404);
            for (SseClient client : List.of(projectStream, userStream, missing)) {
                assertThat(securityHeaders(client.headers())).isEqualTo(expected);
            }
        }
    }

    @Test
    void aStreamPathTheFastPathLeavesAloneOpensTheSameStreamThroughTheController() {
        Owner owner = owner();
        String project = createProject(owner.api());
        // the same id with its first character percent-encoded: only the controller's mapping decodes it
        String encoded = "%" + Integer.toHexString(project.charAt(0)) + project.substring(1);

        try (SseClient client = stream(owner.api(), encoded, "?subscribe_logs=all")) {
            JsonNode connected = client.await(EventPayloads.CONNECTED).json();
            assertThat(connected.path("project_id").asString()).isEqualTo(project);
            assertThat(securityHeaders(client.headers())).hasSize(SECURITY_HEADERS.size());
            task(owner.api(), project);
            client.await("task:status_changed");
        }
        assertThat(requestsRecordedFor("/api/projects/{projectId}/events"))
                .as("the controller's path went through the servlet stack, which records the request")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStreamOpenedOnTheFastPathSkipsTheServletStack() {
        Owner owner = owner();
        String project = createProject(owner.api());
        double before = requestsRecordedFor("/api/projects/{projectId}/events");

        try (SseClient client = stream(owner.api(), project, "")) {
            client.await(EventPayloads.CONNECTED);
        }
        try (SseClient missing = stream(owner.api(), java.util.UUID.randomUUID().toString(), "")) {
            assertThat(missing.status()).isEqualTo(404);
        }
        assertThat(requestsRecordedFor("/api/projects/{projectId}/events"))
                .as("no request to the stream's mapping was observed by Spring's request metrics")
                .isEqualTo(before);
    }

    /** How many requests Spring's request observation recorded for the mapping {@code uri}. */
    private double requestsRecordedFor(String uri) {
        var response = as(users.create(
                        "metrics-" + java.util.UUID.randomUUID().toString().substring(0, 8)))
                .get("/actuator/metrics/http.server.requests?tag=uri:"
                        + java.net.URLEncoder.encode(uri, java.nio.charset.StandardCharsets.UTF_8));
        if (response.status() == 404) {
            return 0; // no request with that tag yet
        }
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("measurements").get(0).path("value").asDouble();
    }

    private static Map<String, String> securityHeaders(HttpHeaders headers) {
        return SECURITY_HEADERS.stream()
                .filter(name -> headers.firstValue(name).isPresent())
                .collect(Collectors.toMap(
                        Function.identity(), name -> headers.firstValue(name).orElseThrow()));
    }
}
