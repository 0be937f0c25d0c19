package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.common.PublicUrl;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Behind a TLS-terminating proxy the server sees http://127.0.0.1:8080; browsers send PUBLIC_URL's origin. */
class CrossSiteRequestFilterTests {

    private final CrossSiteRequestFilter filter = new CrossSiteRequestFilter(new PublicUrl("https://iv.example.com"));

    private int post(@Nullable String origin) throws ServletException, IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/projects/demo");
        request.setScheme("http");
        request.setServerName("127.0.0.1");
        request.setServerPort(8080);
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        request.addHeader("Sec-Fetch-Site", "same-origin");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    void thePublicUrlsOriginMayWrite() throws Exception {
        assertThat(post("https://iv.example.com")).isEqualTo(200);
        assertThat(post("https://IV.example.com:443")).isEqualTo(200);
        assertThat(post("http://127.0.0.1:8080")).as("the server's own view").isEqualTo(200);
    }

    @Test
    void anythingElseMayNot() throws Exception {
        assertThat(post("http://iv.example.com")).isEqualTo(403);
        assertThat(post("https://iv.example.com:8443")).isEqualTo(403);
        assertThat(post("https://evil.iv.example.com")).isEqualTo(403);
    }
}
