package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.github.GitHubTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** On a hosted server only the health status is public; metrics and the rest need a session. */
class ActuatorAccessApiTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    private static final List<String> PRIVATE = List.of(
            "/actuator",
            "/actuator/",
            "/actuator/metrics",
            "/actuator/metrics/iv.events.published",
            "/actuator/metrics/jvm.memory.used",
            "/actuator/info",
            "/actuator/health/db",
            "/actuator/health/diskSpace",
            "/%61ctuator/metrics",
            "/actuator;x=1/metrics",
            "/actuator/./metrics",
            "/api/../actuator/metrics");

    @Test
    void anonymousCallersGet401OnEverythingButHealth() {
        Api anonymous = new Api(baseUrl(), null);
        for (String path : PRIVATE) {
            ApiResponse response = anonymous.get(path);
            assertThat(response.status()).as("%s -> %s", path, response).isIn(401, 400, 404);
            assertThat(response.body()).as(path).doesNotContain("measurements").doesNotContain("\"names\"");
        }
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/metrics").errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(new Api(baseUrl(), "iv_session=forged.value")
                        .get("/actuator/metrics")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void healthShowsTheStatusAloneToAnyone() {
        Api anonymous = new Api(baseUrl(), null);
        Api signedIn = signIn(gitHubUser("health"));

        for (Api caller : List.of(anonymous, signedIn)) {
            ApiResponse health = caller.get("/actuator/health");
            assertThat(health.status()).as("%s", health).isEqualTo(200);
            assertThat(health.json().path("status").asString()).isEqualTo("UP");
            // the names of the probe groups at most; no components, no details
            assertThat(health.json().propertyNames()).containsAnyOf("status").isSubsetOf("status", "groups");
            assertThat(health.body())
                    .doesNotContain("components")
                    .doesNotContain("details")
                    .doesNotContain("db");
            for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
                ApiResponse answer = caller.get(probe);
                assertThat(answer.status()).as("%s -> %s", probe, answer).isEqualTo(200);
                assertThat(answer.json().propertyNames()).containsExactly("status");
            }
        }
    }

    @Test
    void aSignedInUserReadsMetrics() {
        Api user = signIn(gitHubUser("metrics"));

        ApiResponse names = user.get("/actuator/metrics");
        assertThat(names.status()).as("%s", names).isEqualTo(200);
        assertThat(names.body()).contains("iv.events.published");
        assertThat(user.get("/actuator/metrics/iv.events.published").status()).isEqualTo(200);
    }
}
