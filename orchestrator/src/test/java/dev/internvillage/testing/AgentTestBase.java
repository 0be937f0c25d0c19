package dev.internvillage.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The app with agents switched on, over real HTTP. Each subclass configures its own runtime, data
 * directory and database (agents recover work at start-up, so contexts must not share rows), with
 * a {@code @DynamicPropertySource} that calls {@link #agentProperties}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("database")
@ExtendWith(DatabaseAvailable.class)
public abstract class AgentTestBase extends AppTestBase {

    protected static final Duration AGENT_WAIT = Duration.ofSeconds(90);

    /** DATA_DIR, database and agents on; {@code purpose} names this context's own database. */
    protected static void agentProperties(
            org.springframework.test.context.DynamicPropertyRegistry registry,
            java.nio.file.Path dataDir,
            String purpose) {
        registry.add("DATA_DIR", dataDir::toString);
        registry.add("internvillage.agents.enabled", () -> "true");
        if (TestDatabase.isPostgres()) {
            registry.add("DATABASE_URL", () -> TestDatabase.postgresDatabaseUrl(purpose));
        }
    }

    protected JsonNode task(Api api, String taskId) {
        ApiResponse response = api.get("/api/tasks/" + taskId);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    protected JsonNode subtasks(Api api, String taskId) {
        ApiResponse response = api.get("/api/tasks/" + taskId + "/subtasks");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    protected JsonNode subtask(Api api, String subtaskId) {
        ApiResponse response = api.get("/api/subtasks/" + subtaskId);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    /** Waits until the task's status is {@code status}, failing early if it ends up elsewhere. */
    protected JsonNode awaitTask(Api api, String taskId, String status) {
        return await().atMost(AGENT_WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> task(api, taskId), t -> t.path("status").asString().equals(status));
    }

    protected JsonNode awaitSubtask(Api api, String subtaskId, Predicate<JsonNode> condition) {
        return await().atMost(AGENT_WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> subtask(api, subtaskId), condition::test);
    }

    protected static Predicate<JsonNode> status(String status) {
        return s -> s.path("status").asString().equals(status);
    }

    protected JsonNode plannerRuns(Api api, String taskId) {
        return api.get("/api/tasks/" + taskId + "/runs").json();
    }

    protected JsonNode workerRuns(Api api, String subtaskId) {
        return api.get("/api/subtasks/" + subtaskId + "/runs").json();
    }

    /** The prompt file written beside the run's log under the context's {@code DATA_DIR}. */
    protected static String promptOf(java.nio.file.Path dataDir, JsonNode run) {
        String name = "run-%03d.prompt.md".formatted(run.path("attempt_number").asInt());
        try (var files = java.nio.file.Files.walk(dataDir.resolve("logs"))) {
            java.nio.file.Path file = files.filter(
                            p -> p.getFileName().toString().equals(name))
                    .filter(p -> p.getParent()
                            .getFileName()
                            .toString()
                            .equals(run.path("subtask_id").asString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " for " + run));
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    protected String createTask(Api api, String projectId, String title, String description) {
        ApiResponse created = api.post(
                "/api/projects/" + projectId + "/tasks",
                "{\"title\":" + Api.quote(title) + ",\"description\":" + Api.quote(description) + "}");
        assertThat(created.status()).as("create task: %s", created).isEqualTo(201);
        return created.id();
    }
}
