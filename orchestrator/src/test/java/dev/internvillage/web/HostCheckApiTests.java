package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.ApiTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DNS rebinding: a page of {@code rebind.example} whose name is pointed at 127.0.0.1 reaches the app
 * as its own origin, but names its own host. Sent over a raw socket because Java's HTTP client does
 * not let a caller choose the {@code Host} header.
 */
class HostCheckApiTests extends ApiTestBase {

    private record Answer(int status, String headers, String body) {
        JsonNode json() {
            return JsonMapper.shared().readTree(body);
        }
    }

    private Answer send(String method, String path, String host, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("Connection: close\r\nContent-Length: 0\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String head = response.substring(0, end);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Answer(status, head, response.substring(end + 4));
        }
    }

    @Test
    void anUnknownHostIsRefusedOnEveryKindOfPath() throws IOException {
        String project = createProject(localUser());
        List<String[]> requests = List.of(
                new String[] {"GET", "/api/projects"},
                new String[] {"POST", "/api/projects/demo"},
                new String[] {"GET", "/"},
                new String[] {"GET", "/projects/" + project},
                new String[] {"GET", "/api/projects/" + project + "/events"},
                new String[] {"GET", "/actuator/health"},
                new String[] {"GET", "/no-such-path"});
        int before = localUser().get("/api/projects").json().size();

        for (String[] request : requests) {
            for (String host : List.of("rebind.example", "rebind.example:" + port, "127.0.0.1.nip.example")) {
                Answer answer = send(request[0], request[1], host, "Accept: text/html, text/event-stream, */*");
                String what = request[0] + " " + request[1] + " Host: " + host;
                assertThat(answer.status()).as(what).isEqualTo(421);
                assertThat(answer.headers()).as(what).containsIgnoringCase("Content-Type: application/json");
                assertThat(answer.json().path("error").path("code").asString())
                        .as(what)
                        .isEqualTo("MISDIRECTED_REQUEST");
            }
        }
        assertThat(localUser().get("/api/projects").json().size())
                .as("nothing was created")
                .isEqualTo(before);
    }

    @Test
    void theLoopbackNamesAreServedOnAnyPort() throws IOException {
        for (String host : List.of(
                "127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "[::1]", "localhost.")) {
            Answer answer = send("GET", "/api/auth/me", host);
            assertThat(answer.status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void aRebindingPageCannotWriteEvenAsItsOwnOrigin() throws IOException {
        Answer answer = send(
                "POST",
                "/api/projects/demo",
                "rebind.example:" + port,
                "Origin: http://rebind.example:" + port,
                "Sec-Fetch-Site: same-origin");

        assertThat(answer.status()).isEqualTo(421);
    }
}
