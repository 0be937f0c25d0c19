package dev.internvillage.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.Plans;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class SubtaskApiTests extends ApiTestBase {

    @Autowired
    PlanImporter plans;

    @Autowired
    SubtaskService subtasks;

    private Api api;
    private String taskId;
    private Map<String, String> ids;
    private Path origin;

    /** A board: a task of the user's with {@code plan} imported; ids by key. */
    private void board(PlanDocument plan) {
        api = newUser();
        String projectId = createProject(api);
        origin = Path.of(
                api.get("/api/projects/" + projectId).json().path("repo_url").asString());
        taskId = createTask(api, projectId);
        List<Subtask> imported = plans.importPlan(new TaskId(UUID.fromString(taskId)), plan);
        ids = new HashMap<>();
        imported.forEach(s -> ids.put(s.key(), s.id().value().toString()));
    }

    private JsonNode subtask(String key) {
        return api.get("/api/subtasks/" + ids.get(key)).json();
    }

    private String status(String key) {
        JsonNode s = subtask(key);
        String reason = s.path("blocked_reason").isNull()
                ? ""
                : "/" + s.path("blocked_reason").asString();
        return s.path("status").asString() + reason;
    }

    private ApiResponse action(String key, String action) {
        return api.post("/api/subtasks/" + ids.get(key) + "/" + action);
    }

    /**
     * What the worker does when it succeeds: branch pushed, PR opened. The branch holds nothing new,
     * so Mark Merged's check (its head is on the default branch) passes.
     */
    private void complete(String key) {
        assertThat(action(key, "start").status()).isEqualTo(200);
        GitFixtures.git(origin, "branch", "iv/" + key, "main");
        SubtaskId id = new SubtaskId(UUID.fromString(ids.get(key)));
        subtasks.recordWorkCompleted(id, "iv/" + key, "http://localhost/review/" + key, 1);
    }

    @Test
    void listsTheBoardInPlanOrderWithDependencies() {
        board(Plans.diamond());

        ApiResponse list = api.get("/api/tasks/" + taskId + "/subtasks");

        assertThat(list.status()).isEqualTo(200);
        JsonNode all = list.json();
        assertThat(all.valueStream().map(s -> s.path("key").asString())).containsExactly("s1", "s2", "s3", "s4");
        assertThat(all.valueStream().map(s -> s.path("position").asInt())).containsExactly(0, 1, 2, 3);
        JsonNode s4 = all.get(3);
        assertThat(s4.path("depends_on").valueStream().map(JsonNode::asString))
                .containsExactly(ids.get("s2"), ids.get("s3"));
        assertThat(s4.path("title").asString()).isEqualTo("Subtask s4");
        assertThat(s4.path("spec").asString()).isEqualTo("Spec of s4");
        assertThat(s4.path("implementation_plan").asString()).isEqualTo("1. do s4");
        assertThat(s4.path("retry_count").asInt()).isZero();
        assertThat(s4.path("token_usage").asLong()).isZero();
        assertThat(s4.path("pr_url").isNull()).isTrue();
        assertThat(s4.has("current_run")).isFalse();
        assertThat(status("s1")).isEqualTo("READY");
        assertThat(status("s4")).isEqualTo("BLOCKED/DEPENDENCY");
        assertThat(api.get("/api/tasks/" + taskId).json().path("status").asString())
                .isEqualTo("ACTIVE");
        assertThat(api.get("/api/tasks/" + taskId).json().path("spec").asString())
                .isEqualTo("Overall spec");
    }

    @Test
    void startMovesAReadySubtaskInProgress() {
        board(Plans.diamond());

        ApiResponse started = action("s1", "start");

        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().path("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(started.json().path("key").asString()).isEqualTo("s1");
        assertThat(started.json().has("current_run"))
                .as("start adds current_run")
                .isTrue();
        assertThat(status("s1")).isEqualTo("IN_PROGRESS");
    }

    @Test
    void concurrentStartsStartOnce() throws Exception {
        board(Plans.diamond());
        List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform()
                    .start(() -> statuses.add(action("s1", "start").status())));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
        assertThat(status("s1")).isEqualTo("IN_PROGRESS");
    }

    @Test
    void startingARunningSubtaskIsAConflict() {
        board(Plans.diamond());
        action("s1", "start");

        ApiResponse again = action("s1", "start");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("CONFLICT");
        assertThat(again.errorMessage()).isEqualTo("subtask s1 is already running");
    }

    @Test
    void startReadyStartsEveryReadySubtaskOfTheTask() {
        board(Plans.plan().subtask("s1").subtask("s2").subtask("s3", "s1").build());

        ApiResponse response = api.post("/api/tasks/" + taskId + "/start-ready");

        assertThat(response.status()).isEqualTo(200);
        JsonNode started = response.json().path("started");
        assertThat(started.valueStream().map(s -> s.path("key").asString())).containsExactly("s1", "s2");
        assertThat(started.valueStream().map(s -> s.path("status").asString())).containsOnly("IN_PROGRESS");
        assertThat(started.get(0).path("task_id").asString()).isEqualTo(taskId);
        assertThat(status("s1")).isEqualTo("IN_PROGRESS");
        assertThat(status("s2")).isEqualTo("IN_PROGRESS");
        assertThat(status("s3")).as("waits for s1").isEqualTo("BLOCKED/DEPENDENCY");
    }

    @Test
    void startReadySkipsWhatIsAlreadyRunningAndAnswersAnEmptyListWhenNothingIsReady() {
        board(Plans.plan().subtask("s1").subtask("s2").build());
        action("s1", "start");

        ApiResponse first = api.post("/api/tasks/" + taskId + "/start-ready");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json()
                        .path("started")
                        .valueStream()
                        .map(s -> s.path("key").asString()))
                .containsExactly("s2");

        ApiResponse again = api.post("/api/tasks/" + taskId + "/start-ready");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("started").isArray()).isTrue();
        assertThat(again.json().path("started").size()).isZero();
        assertThat(status("s1")).isEqualTo("IN_PROGRESS");
        assertThat(status("s2")).isEqualTo("IN_PROGRESS");
    }

    @Test
    void concurrentStartReadiesStartEachSubtaskOnce() throws Exception {
        board(Plans.plan().subtask("s1").subtask("s2").subtask("s3").build());
        List<String> startedKeys = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                ApiResponse r = api.post("/api/tasks/" + taskId + "/start-ready");
                statuses.add(r.status());
                r.json()
                        .path("started")
                        .valueStream()
                        .forEach(s -> startedKeys.add(s.path("key").asString()));
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(statuses).hasSize(6).containsOnly(200);
        assertThat(startedKeys).containsExactlyInAnyOrder("s1", "s2", "s3");
    }

    @Test
    void startReadyOfAnotherUsersOrAnUnknownTaskIsNotFound() {
        board(Plans.plan().subtask("s1").build());

        ApiResponse foreign = newUser().post("/api/tasks/" + taskId + "/start-ready");
        ApiResponse unknown = api.post("/api/tasks/" + UUID.randomUUID() + "/start-ready");

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(status("s1")).as("nothing started").isEqualTo("READY");
    }

    @Test
    void startingABlockedSubtaskIsUnprocessable() {
        board(Plans.diamond());

        ApiResponse blocked = action("s4", "start");

        assertThat(blocked.status()).isEqualTo(422);
        assertThat(blocked.errorCode()).isEqualTo("UNPROCESSABLE");
        assertThat(blocked.errorMessage()).isEqualTo("subtask s4 is blocked: it waits for s2, s3 to be merged");
        assertThat(status("s4")).isEqualTo("BLOCKED/DEPENDENCY");
    }

    @Test
    void markMergedWithoutAPullRequestIsUnprocessable() {
        board(Plans.diamond());

        assertThat(action("s1", "mark-merged").status()).isEqualTo(422);
        action("s1", "start");
        ApiResponse running = action("s1", "mark-merged");
        assertThat(running.status()).isEqualTo(422);
        assertThat(running.errorMessage()).contains("has no pull request");
        assertThat(status("s1")).isEqualTo("IN_PROGRESS");
    }

    @Test
    void mergingUnblocksDependentsOnlyWhenAllTheirDependenciesAreMerged() {
        board(Plans.diamond());

        complete("s1");
        assertThat(status("s1")).isEqualTo("COMPLETED");
        assertThat(subtask("s1").path("pr_url").asString()).isEqualTo("http://localhost/review/s1");
        assertThat(subtask("s1").path("branch_name").asString()).isEqualTo("iv/s1");
        ApiResponse merged = action("s1", "mark-merged");
        assertThat(merged.status()).isEqualTo(200);
        assertThat(merged.json().path("status").asString()).isEqualTo("MERGED");
        assertThat(status("s2")).isEqualTo("READY");
        assertThat(status("s3")).isEqualTo("READY");

        complete("s2");
        action("s2", "mark-merged");
        assertThat(status("s4")).as("s3 is not merged yet").isEqualTo("BLOCKED/DEPENDENCY");

        complete("s3");
        action("s3", "mark-merged");
        assertThat(status("s4")).isEqualTo("READY");
        assertThat(api.get("/api/tasks/" + taskId).json().path("status").asString())
                .isEqualTo("ACTIVE");

        complete("s4");
        action("s4", "mark-merged");
        assertThat(api.get("/api/tasks/" + taskId).json().path("status").asString())
                .isEqualTo("DONE");
    }

    @Test
    void markingMergedTwiceIsAConflict() {
        board(Plans.plan().subtask("s1").subtask("s2").build());
        complete("s1");
        action("s1", "mark-merged");

        ApiResponse again = action("s1", "mark-merged");

        assertThat(again.status()).isEqualTo(409);
        assertThat(api.get("/api/tasks/" + taskId).json().path("status").asString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void retryRestartsAFailedSubtaskWithAFreshCount() {
        board(Plans.diamond());
        action("s1", "start");
        subtasks.recordWorkFailed(new SubtaskId(UUID.fromString(ids.get("s1"))), 10);
        assertThat(status("s1")).isEqualTo("BLOCKED/FAILURE");
        assertThat(subtask("s1").path("retry_count").asInt()).isEqualTo(10);
        assertThat(action("s1", "start").status()).as("start is not retry").isEqualTo(422);

        ApiResponse retried = action("s1", "retry");

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().path("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(retried.json().path("retry_count").asInt()).isZero();
        assertThat(action("s1", "retry").status()).as("already running").isEqualTo(409);
    }

    @Test
    void retryOfASubtaskThatDidNotFailIsUnprocessable() {
        board(Plans.diamond());

        assertThat(action("s1", "retry").status()).isEqualTo(422);
        ApiResponse waiting = action("s4", "retry");
        assertThat(waiting.status()).isEqualTo(422);
        assertThat(waiting.errorMessage()).contains("waits for s2, s3");
    }

    @Test
    void reordersWithinItsColumnKeepingPositionsUnique() {
        board(Plans.plan()
                .subtask("a")
                .subtask("b")
                .subtask("c", "a")
                .subtask("d")
                .build());
        // READY column: a(0), b(1), d(3); c(2) is BLOCKED

        ApiResponse moved = api.patch("/api/subtasks/" + ids.get("d") + "/position", "{\"position\":0}");

        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().path("position").asInt()).isZero();
        assertThat(positions()).containsExactly("d", "a", "c", "b");

        api.patch("/api/subtasks/" + ids.get("d") + "/position", "{\"position\":99}");
        assertThat(positions()).as("past the end moves it last").containsExactly("a", "b", "c", "d");
    }

    @Test
    void rejectsBadPositions() {
        board(Plans.diamond());
        String path = "/api/subtasks/" + ids.get("s1") + "/position";

        assertThat(api.patch(path, "{\"position\":-1}").errorMessage()).isEqualTo("position must be 0 or more");
        assertThat(api.patch(path, "{}").errorMessage()).isEqualTo("position is required");
        assertThat(api.patch(path, "{\"position\":\"first\"}").errorMessage())
                .isEqualTo("position: has the wrong type or format");
        assertThat(api.patch(path, "{\"position\":99999999999}").status()).isEqualTo(400);
    }

    /** Each of these would move "a" to the second place if it were coerced to 1. */
    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1.0", "1e0", "\"1\"", "true", "[1]", "{\"value\":1}"})
    void aPositionThatIsNotAJsonIntegerIsABadRequestAndMovesNothing(String position) {
        board(Plans.plan().subtask("a").subtask("b").subtask("c").build());

        ApiResponse response =
                api.patch("/api/subtasks/" + ids.get("a") + "/position", "{\"position\":" + position + "}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(response.errorMessage()).isEqualTo("position: has the wrong type or format");
        assertThat(positions()).containsExactly("a", "b", "c");
    }

    @Test
    void concurrentReordersLeaveNoGapsOrDuplicates() throws Exception {
        PlanDocument wide = Plans.plan()
                .subtask("s1")
                .subtask("s2")
                .subtask("s3")
                .subtask("s4")
                .subtask("s5")
                .subtask("s6")
                .build();
        board(wide);
        List<String> keys = List.of("s1", "s2", "s3", "s4", "s5", "s6");
        List<Thread> threads = new java.util.ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < 24; i++) {
            String key = keys.get(i % keys.size());
            int target = (i * 7) % keys.size();
            threads.add(Thread.ofPlatform()
                    .start(() -> statuses.add(
                            api.patch("/api/subtasks/" + ids.get(key) + "/position", "{\"position\":" + target + "}")
                                    .status())));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(statuses).hasSize(24).allMatch(s -> s == 200);
        List<Integer> positions = api.get("/api/tasks/" + taskId + "/subtasks")
                .json()
                .valueStream()
                .map(s -> s.path("position").asInt())
                .toList();
        assertThat(positions).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void unknownSubtasksAreNotFound() {
        board(Plans.diamond());
        String unknown = UUID.randomUUID().toString();

        for (String action : List.of("start", "retry", "mark-merged")) {
            assertThat(api.post("/api/subtasks/" + unknown + "/" + action).status())
                    .isEqualTo(404);
        }
        assertThat(api.get("/api/subtasks/" + unknown).status()).isEqualTo(404);
        assertThat(api.get("/api/tasks/" + unknown + "/subtasks").status()).isEqualTo(404);
        assertThat(api.patch("/api/subtasks/" + unknown + "/position", "{\"position\":0}")
                        .status())
                .isEqualTo(404);
    }

    private List<String> positions() {
        return api.get("/api/tasks/" + taskId + "/subtasks")
                .json()
                .valueStream()
                .map(s -> s.path("key").asString())
                .toList();
    }
}
