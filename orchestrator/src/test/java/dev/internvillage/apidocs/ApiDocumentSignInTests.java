package dev.internvillage.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.github.GitHubTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With GitHub sign-in on, the API description is still public while the API itself is not. */
class ApiDocumentSignInTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    @Test
    void theDocumentNeedsNoSignIn() {
        Api anonymous = new Api(baseUrl(), null);

        ApiResponse document = anonymous.get("/v3/api-docs");

        assertThat(document.status()).as("GET /v3/api-docs: %s", document).isEqualTo(200);
        assertThat(document.json().path("paths").has("/api/projects")).isTrue();
        assertThat(anonymous.get("/api/projects").status()).isEqualTo(401);
    }
}
