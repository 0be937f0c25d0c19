package dev.internvillage.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class TaskApiTests extends ApiTestBase {

    @Autowired
    TaskService tasks;

    private static String task(String title, String description) {
        return "{\"title\":" + Api.quote(title) + ",\"description\":" + Api.quote(description) + "}";
    }

    @Test
    void createsATaskInPlanning() {
        Api api = newUser();
        String project = createProject(api);

        ApiResponse created = api.post("/api/projects/" + project + "/tasks", task("  Add login  ", "With a form"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode json = created.json();
        assertThat(json.path("project_id").asString()).isEqualTo(project);
        assertThat(json.path("title").asString()).isEqualTo("Add login");
        assertThat(json.path("description").asString()).isEqualTo("With a form");
        assertThat(json.path("status").asString()).isEqualTo("PLANNING");
        assertThat(json.path("spec").isNull()).isTrue();
        assertThat(json.path("error_message").isNull()).isTrue();
        assertThat(json.path("created_at").asString()).isNotBlank();
    }

    @Test
    void validatesTitleAndDescription() {
        Api api = newUser();
        String path = "/api/projects/" + createProject(api) + "/tasks";

        assertThat(api.post(path, task("", "d")).errorMessage()).isEqualTo("title is required");
        assertThat(api.post(path, task("x".repeat(201), "d")).errorMessage())
                .isEqualTo("title must be at most 200 characters");
        assertThat(api.post(path, "{\"title\":\"t\"}").errorMessage()).isEqualTo("description is required");
        assertThat(api.post(path, task("t", "d".repeat(20_001))).errorMessage())
                .isEqualTo("description must be at most 20000 characters");
        assertThat(api.post(path, "{}").errorMessage()).isEqualTo("description is required; title is required");
        ApiResponse wrongType = api.post(path, "{\"title\":[1],\"description\":\"d\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.errorMessage()).isEqualTo("title: has the wrong type or format");
        assertThat(api.get(path).json().size()).as("nothing was created").isZero();
    }

    @Test
    void acceptsTheLongestAllowedFields() {
        Api api = newUser();
        String path = "/api/projects/" + createProject(api) + "/tasks";

        ApiResponse created = api.post(path, task("t".repeat(200), "d".repeat(20_000)));

        assertThat(created.status()).isEqualTo(201);
        assertThat(api.get("/api/tasks/" + created.id())
                        .json()
                        .path("description")
                        .asString())
                .hasSize(20_000);
    }

    @Test
    void createInAnUnknownProjectIsNotFound() {
        ApiResponse response = newUser().post("/api/projects/" + UUID.randomUUID() + "/tasks", task("t", "d"));

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void listsTasksOfAProjectInCreationOrder() {
        Api api = newUser();
        String project = createProject(api);
        String first = createTask(api, project);
        String second = createTask(api, project);
        createTask(api, createProject(api));

        ApiResponse list = api.get("/api/projects/" + project + "/tasks");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().valueStream().map(t -> t.path("id").asString())).containsExactly(first, second);
    }

    @Test
    void getsATask() {
        Api api = newUser();
        String id = createTask(api, createProject(api));

        ApiResponse task = api.get("/api/tasks/" + id);

        assertThat(task.status()).isEqualTo(200);
        assertThat(task.json().path("title").asString()).isEqualTo("Add due dates");
        assertThat(api.get("/api/tasks/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void deletesATask() {
        Api api = newUser();
        String id = createTask(api, createProject(api));

        assertThat(api.delete("/api/tasks/" + id).status()).isEqualTo(204);

        assertThat(api.get("/api/tasks/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/tasks/" + id).status()).isEqualTo(404);
    }

    @Test
    void retryPlanningOnlyAfterPlanningFailed() {
        Api api = newUser();
        String id = createTask(api, createProject(api));

        ApiResponse whilePlanning = api.post("/api/tasks/" + id + "/retry-planning");
        assertThat(whilePlanning.status()).isEqualTo(409);
        assertThat(whilePlanning.errorCode()).isEqualTo("CONFLICT");

        tasks.recordPlanningFailed(new TaskId(UUID.fromString(id)), "the planner wrote no plan");
        JsonNode failed = api.get("/api/tasks/" + id).json();
        assertThat(failed.path("status").asString()).isEqualTo("PLANNING_FAILED");
        assertThat(failed.path("error_message").asString()).isEqualTo("the planner wrote no plan");

        ApiResponse retried = api.post("/api/tasks/" + id + "/retry-planning");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().path("status").asString()).isEqualTo("PLANNING");
        assertThat(retried.json().path("error_message").isNull()).isTrue();
    }

    @Test
    void retryPlanningOfAnActiveTaskIsAConflict() {
        Api api = newUser();
        String id = createTask(api, createProject(api));
        tasks.recordPlanningFailed(new TaskId(UUID.fromString(id)), "x");
        api.post("/api/tasks/" + id + "/retry-planning");
        tasks.recordPlanningFailed(new TaskId(UUID.fromString(id)), "again");

        assertThat(api.post("/api/tasks/" + id + "/retry-planning").status()).isEqualTo(200);
        assertThat(api.post("/api/tasks/" + UUID.randomUUID() + "/retry-planning")
                        .status())
                .isEqualTo(404);
    }
}
