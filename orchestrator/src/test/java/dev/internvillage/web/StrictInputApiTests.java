package dev.internvillage.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.task.PlanImporter;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.Plans;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Input is read exactly as sent: no trimmed ids, no coerced JSON scalars, no duplicate keys. */
class StrictInputApiTests extends ApiTestBase {

    @Autowired
    PlanImporter plans;

    private static void assertBadRequest(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("INVALID_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s%%20", "%%20%s", "%s%%09", "%s%%0A", "+%s", "%s+"})
    void anIdWithWhitespaceNamesNothingAndDeletesNothing(String spelling) {
        Api api = newUser();
        String project = createProject(api);

        ApiResponse delete = api.delete("/api/projects/" + spelling.formatted(project));

        // a line break is refused by the security filters before the id is read, the rest by the binder
        assertBadRequest(delete);
        assertThat(api.get("/api/projects/" + project).status()).isEqualTo(200);
    }

    @Test
    void anIdMustHaveTheCanonicalForm() {
        Api api = newUser();
        String project = createProject(api);

        ApiResponse shortGroups = api.get("/api/projects/0-0-0-0-0");

        assertBadRequest(shortGroups);
        assertThat(shortGroups.errorMessage()).isEqualTo("id must be a UUID");
        assertBadRequest(api.get("/api/projects/" + project.replace("-", "")));
        assertBadRequest(api.get("/api/projects/" + project + "%20/events"));
        assertThat(api.get("/api/projects/" + project.toUpperCase(Locale.ROOT)).status())
                .as("hex digits in either case")
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x10", "%2010", "10%20", "1.5", "1e3", "%2B1", "", "99999999999"})
    void aNumberInTheQueryMustBeAWholeNumber(String limit) {
        ApiResponse response = newUser().get("/api/runs/" + UUID.randomUUID() + "/logs?limit=" + limit);

        assertBadRequest(response);
        assertThat(response.errorMessage()).isEqualTo("limit must be a whole number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "1", "1.5", "{}", "[\"a\"]"})
    void aStringFieldTakesOnlyAString(String value) {
        Api api = newUser();
        String tasks = "/api/projects/" + createProject(api) + "/tasks";

        ApiResponse response = api.post(tasks, "{\"title\":" + value + ",\"description\":\"d\"}");

        assertBadRequest(response);
        assertThat(response.errorMessage()).isEqualTo("title: has the wrong type or format");
        assertThat(api.get(tasks).json().size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1.5", "1.0", "1e0", "true", "\"\"", "99999999999"})
    void anIntegerFieldTakesOnlyAJsonInteger(String value) {
        Api api = newUser();
        String subtask = subtask(api);

        ApiResponse response = api.patch("/api/subtasks/" + subtask + "/position", "{\"position\":" + value + "}");

        assertBadRequest(response);
        assertThat(response.errorMessage()).isEqualTo("position: has the wrong type or format");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        Api api = newUser();
        String tasks = "/api/projects/" + createProject(api) + "/tasks";

        ApiResponse response = api.post(tasks, "{\"title\":\"a\",\"description\":\"d\",\"title\":\"b\"}");

        assertBadRequest(response);
        assertThat(response.errorMessage()).isEqualTo("malformed JSON: Duplicate Object property \"title\"");
        assertThat(api.get(tasks).json().size()).isZero();
    }

    @Test
    void theStrictSpellingsStillWork() {
        Api api = newUser();
        String subtask = subtask(api);

        assertThat(api.patch("/api/subtasks/" + subtask + "/position", "{\"position\":0}")
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/subtasks/" + subtask).status()).isEqualTo(200);
    }

    private String subtask(Api api) {
        TaskId task = new TaskId(UUID.fromString(createTask(api, createProject(api))));
        return plans.importPlan(task, Plans.plan().subtask("s1").build())
                .getFirst()
                .id()
                .value()
                .toString();
    }
}
