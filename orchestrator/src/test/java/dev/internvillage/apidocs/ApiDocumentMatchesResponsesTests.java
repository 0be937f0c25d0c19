package dev.internvillage.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunService;
import dev.internvillage.task.PlanImporter;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.Plans;
import dev.internvillage.testing.SseClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI document describes what the API really sends: real responses and real stream
 * events, checked field by field against their documented schemas (snake_case names, every field
 * present, nulls only where documented) and the documented status codes.
 */
class ApiDocumentMatchesResponsesTests extends ApiTestBase {

    @Autowired
    private RunService runs;

    @Autowired
    private PlanImporter plans;

    private JsonNode document;
    private SchemaCheck check;
    private Api api;

    @BeforeEach
    void loadDocument() {
        ApiResponse served = localUser().get("/v3/api-docs");
        assertThat(served.status()).as("GET /v3/api-docs: %s", served).isEqualTo(200);
        document = served.json();
        check = new SchemaCheck(document);
        api = newUser();
    }

    @Test
    void responsesOfProjectsTasksSubtasksAndRunsAreTheDocumentedOnes() throws IOException {
        String project = createProject(api);
        String task = createTask(api, project);
        Subtask subtask = plans.importPlan(
                        new TaskId(UUID.fromString(task)),
                        Plans.plan().subtask("s1").subtask("s2").build())
                .getFirst();
        String id = subtask.id().value().toString();
        AgentRun run = runs.recordStarted(subtask.taskId(), null, 1, "prompt");
        appendLog(run, "[09:00:00] Reading the repository", "no stamp here");

        fits("get", "/api/auth/me", api.get("/api/auth/me"));
        fits("get", "/api/projects", api.get("/api/projects"));
        fits("get", "/api/projects/{id}", api.get("/api/projects/" + project));
        fits("get", "/api/projects/{projectId}/tasks", api.get("/api/projects/" + project + "/tasks"));
        fits("get", "/api/tasks/{id}", api.get("/api/tasks/" + task));
        fits("get", "/api/tasks/{taskId}/subtasks", api.get("/api/tasks/" + task + "/subtasks"));
        fits("get", "/api/tasks/{taskId}/runs", api.get("/api/tasks/" + task + "/runs"));
        fits("get", "/api/runs/{id}/logs", api.get("/api/runs/" + run.id().value() + "/logs"));
        fits("get", "/api/runs/{id}/logs", api.get("/api/runs/" + run.id().value() + "/logs?from_line=1&limit=5"));
        fits("get", "/api/projects/{projectId}/active-runs", api.get("/api/projects/" + project + "/active-runs"));
        fits(
                "patch",
                "/api/subtasks/{id}/position",
                api.patch("/api/subtasks/" + id + "/position", "{\"position\":0}"));
        fits("post", "/api/subtasks/{id}/start", api.post("/api/subtasks/" + id + "/start"));
        fits("post", "/api/tasks/{id}/start-ready", api.post("/api/tasks/" + task + "/start-ready"));
        fits("get", "/api/subtasks/{id}", api.get("/api/subtasks/" + id));
        fits("get", "/api/subtasks/{subtaskId}/runs", api.get("/api/subtasks/" + id + "/runs"));
        fits("post", "/api/projects", api.post("/api/projects", "{\"repo_url\":\"\"}"));
        fits("get", "/api/tasks/{id}", api.get("/api/tasks/" + UUID.randomUUID()));
        fits("post", "/api/auth/logout", api.post("/api/auth/logout"));
        fits("delete", "/api/tasks/{id}", api.delete("/api/tasks/" + task));
    }

    @Test
    void everyEventOnTheStreamIsTheDocumentedFrame() throws IOException {
        String project = createProject(api);
        TaskId task = new TaskId(UUID.fromString(createTask(api, project)));
        Subtask subtask =
                plans.importPlan(task, Plans.plan().subtask("s1").build()).getFirst();
        AgentRun run = runs.recordStarted(task, subtask.id(), 1, "prompt");
        try (SseClient stream = SseClient.connect(
                baseUrl() + "/api/projects/" + project + "/events?subscribe_logs="
                        + run.id().value() + "@1",
                api.cookie(),
                "0")) {
            assertThat(stream.status()).as("stream status").isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith(documentedStreamType()));
            appendLog(run, "[09:00:00] Reading the repository");
            stream.await("agent:log");
            runs.recordSucceeded(run.id(), 42, null);
            stream.await("agent:completed");
            api.post("/api/subtasks/" + subtask.id().value() + "/retry");

            List<String> types =
                    stream.events().stream().map(SseClient.Event::type).toList();
            assertThat(types)
                    .contains("connected", "task:status_changed", "agent:started", "agent:log", "agent:completed");
            List<String> problems = new ArrayList<>();
            for (SseClient.Event event : stream.events()) {
                problems.addAll(frameProblems(event));
            }
            assertThat(problems).as("events that differ from the document").isEmpty();
        }
    }

    /** The response has a documented status, and its body fits that status's schema. */
    private void fits(String method, String path, ApiResponse response) {
        JsonNode operation = document.path("paths").path(path).path(method);
        assertThat(operation.isMissingNode())
                .as("%s %s is documented", method, path)
                .isFalse();
        JsonNode documented = operation.path("responses").path(String.valueOf(response.status()));
        if (documented.isMissingNode() && response.status() >= 400) {
            documented = operation.path("responses").path("default");
        }
        assertThat(documented.isMissingNode())
                .as("%s %s answered %s, a status the document does not name", method, path, response.status())
                .isFalse();
        JsonNode schema = documented.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            assertThat(response.body())
                    .as("%s %s: documented without a body", method, path)
                    .isEmpty();
            return;
        }
        assertThat(check.problems(response.json(), schema, method.toUpperCase(Locale.ROOT) + " " + path))
                .as("%s %s -> %s", method, path, response)
                .isEmpty();
    }

    private List<String> frameProblems(SseClient.Event event) {
        for (JsonNode frame : check.schema(EventStreamDocs.UNION).path("oneOf")) {
            if (frame.path("properties").path("type").path("const").asString().equals(event.type())) {
                return check.problems(event.json(), frame.path("properties").path("data"), event.type());
            }
        }
        return List.of(event.type() + ": not a documented event");
    }

    private String documentedStreamType() {
        return document.path("paths")
                .path(EventStreamDocs.STREAM_PATH)
                .path("get")
                .path("responses")
                .path("200")
                .path("content")
                .propertyNames()
                .iterator()
                .next();
    }

    private void appendLog(AgentRun run, String... lines) throws IOException {
        Path file = runs.logFile(run);
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
