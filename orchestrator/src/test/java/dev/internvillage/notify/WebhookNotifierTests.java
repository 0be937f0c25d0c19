package dev.internvillage.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code NOTIFY_WEBHOOK_URL} pointed at a receiver in the test: a task on autopilot, worked by real
 * agent processes, tells it of each finished agent and of the task reaching DONE, as Slack-compatible
 * JSON with a link to the board at {@code PUBLIC_URL}; a receiver that fails once still gets the
 * message.
 */
class WebhookNotifierTests extends AgentTestBase {

    private static final Path DATA_DIR = createDataDir();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the receiver was sent, and what it answered. */
    private record Delivery(String contentType, String body, int status) {}

    private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** The receiver answers 500 to the first post of all, 200 to the others. */
    private static final AtomicBoolean failedOnce = new AtomicBoolean();

    private static final HttpServer receiver = startReceiver();

    private static HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int status = failedOnce.compareAndSet(false, true) ? 500 : 200;
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Content-Type"), body, status));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "notify");
        Path scripts = AgentScripts.directoryWith("/agents/merge-agent.sh");
        registry.add("AGENT_RUNTIME", () -> "command");
        registry.add("AGENT_EXTRA_PATH", scripts::toString);
        registry.add("AGENT_COMMAND", () -> "sh " + scripts.resolve("merge-agent.sh"));
        registry.add("AGENT_MAX_CONCURRENT", () -> "2");
        registry.add(
                "NOTIFY_WEBHOOK_URL",
                () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        registry.add("PUBLIC_URL", () -> "https://iv.example.com");
    }

    private record Created(String projectId, String taskId, String title) {}

    /** A task of two independent subtasks on autopilot, which merges them and reaches DONE. */
    private Created taskOnAutopilot(Api api) {
        Path origin = GitFixtures.repositoryWithCommit(tmp.resolve("origin-" + UUID.randomUUID()), "main");
        ApiResponse project = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}");
        assertThat(project.status()).as("%s", project).isEqualTo(201);
        String title = "scenario:pair " + UUID.randomUUID();
        ApiResponse task = api.post(
                "/api/projects/" + project.id() + "/tasks",
                "{\"title\":" + Api.quote(title) + ",\"description\":\"Work in steps\",\"autopilot\":true}");
        assertThat(task.status()).as("%s", task).isEqualTo(201);
        return new Created(project.id(), task.id(), title);
    }

    private static List<String> textsAbout(String title) {
        return deliveries.stream()
                .filter(d -> d.status() == 200)
                .map(d -> JSON.readTree(d.body()).path("text").asString())
                .filter(text -> text.contains(title))
                .toList();
    }

    @Test
    void aWorkerFinishingAndTheTaskReachingDoneAreToldAsSlackJsonWithALinkToTheBoard() {
        Api api = newUser();
        Created created = taskOnAutopilot(api);
        awaitTask(api, created.taskId(), "DONE");
        JsonNode subtaskA = subtasks(api, created.taskId())
                .valueStream()
                .filter(s -> s.path("key").asString().equals("a"))
                .findFirst()
                .orElseThrow();

        await().atMost(AGENT_WAIT)
                .untilAsserted(() -> assertThat(textsAbout(created.title()))
                        .anySatisfy(text -> assertThat(text)
                                .contains("Task \"" + created.title() + "\"")
                                .contains("the planner finished"))
                        .anySatisfy(text -> assertThat(text)
                                .contains("a \"Step a\"")
                                .contains("the worker finished")
                                .endsWith("https://iv.example.com/projects/" + created.projectId() + "/subtasks/"
                                        + subtaskA.path("id").asString()))
                        .anySatisfy(text -> assertThat(text)
                                .contains("the task is DONE")
                                .endsWith("https://iv.example.com/projects/" + created.projectId())));
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.contentType()).startsWith("application/json");
            assertThat(JSON.readTree(d.body()).propertyNames()).containsExactly("text");
        });
    }

    @Test
    void aMessageTheReceiverFailsOnceIsSentAgainAndArrives() {
        Api api = newUser();
        Created created = taskOnAutopilot(api);
        awaitTask(api, created.taskId(), "DONE");

        await().atMost(AGENT_WAIT).untilAsserted(() -> {
            Delivery failed = deliveries.stream()
                    .filter(d -> d.status() == 500)
                    .findFirst()
                    .orElseThrow();
            assertThat(deliveries.subList(deliveries.indexOf(failed) + 1, deliveries.size()))
                    .anySatisfy(d -> {
                        assertThat(d.body()).isEqualTo(failed.body());
                        assertThat(d.status()).isEqualTo(200);
                    });
        });
    }
}
