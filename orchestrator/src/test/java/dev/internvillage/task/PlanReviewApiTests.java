package dev.internvillage.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.Plans;
import dev.internvillage.testing.SseClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Plan review: a task that requires its plan's approval starts nothing until it is approved, and
 * its plan can be edited (text, dependencies, added and removed subtasks) until then.
 */
class PlanReviewApiTests extends ApiTestBase {

    @Autowired
    PlanImporter plans;

    private Api api;
    private String projectId;
    private String taskId;
    private Map<String, String> ids;
    private SseClient stream;

    @AfterEach
    void closeStream() {
        if (stream != null) {
            stream.close();
        }
    }

    private String newTask(String extra) {
        ApiResponse created = api.post(
                "/api/projects/" + projectId + "/tasks",
                "{\"title\":\"Add due dates\",\"description\":\"Items get a due date\"" + extra + "}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.id();
    }

    private void importPlan(String task, PlanDocument plan) {
        List<Subtask> imported = plans.importPlan(new TaskId(UUID.fromString(task)), plan);
        imported.forEach(s -> ids.put(s.key(), s.id().value().toString()));
    }

    /** A task under review with {@code plan} imported, and the project's event stream open. */
    private void reviewed(PlanDocument plan) {
        api = newUser();
        projectId = createProject(api);
        ids = new HashMap<>();
        stream = SseClient.connect(baseUrl() + "/api/projects/" + projectId + "/events", api.cookie(), null);
        stream.await("connected");
        taskId = newTask(",\"require_plan_approval\":true");
        importPlan(taskId, plan);
    }

    private JsonNode subtask(String key) {
        return api.get("/api/subtasks/" + ids.get(key)).json();
    }

    private String status(String key) {
        JsonNode s = subtask(key);
        return s.path("status").asString()
                + (s.path("blocked_reason").isNull()
                        ? ""
                        : "/" + s.path("blocked_reason").asString());
    }

    private ApiResponse edit(String key, String body) {
        return api.patch("/api/subtasks/" + ids.get(key), body);
    }

    private String idList(String... keys) {
        return "["
                + String.join(
                        ",",
                        java.util.Arrays.stream(keys)
                                .map(k -> Api.quote(ids.get(k)))
                                .toList())
                + "]";
    }

    private SseClient.Event awaitEvent(String type, String subtaskKeyOrId) {
        return awaitEvent(type, subtaskKeyOrId, "");
    }

    /** The first {@code type} event of the subtask whose {@code new_status}, if given, is {@code newStatus}. */
    private SseClient.Event awaitEvent(String type, String subtaskKeyOrId, String newStatus) {
        String id = ids.getOrDefault(subtaskKeyOrId, subtaskKeyOrId);
        return stream.await(
                e -> e.type().equals(type)
                        && (e.json().path("subtask_id").asString("").equals(id)
                                || e.json().path("id").asString("").equals(id))
                        && (newStatus.isEmpty()
                                || e.json().path("new_status").asString("").equals(newStatus)),
                Duration.ofSeconds(10));
    }

    @Test
    void nothingStartsUntilThePlanIsApprovedThenStartReadyStartsTheReadyOnes() {
        reviewed(Plans.plan().subtask("s1").subtask("s2", "s1").build());
        JsonNode task = api.get("/api/tasks/" + taskId).json();
        assertThat(task.path("require_plan_approval").asBoolean()).isTrue();
        assertThat(task.path("plan_approved_at").isNull()).isTrue();

        ApiResponse start = api.post("/api/subtasks/" + ids.get("s1") + "/start");
        assertThat(start.status()).as("%s", start).isEqualTo(409);
        assertThat(start.errorMessage()).contains("plan awaits approval");
        ApiResponse startReady = api.post("/api/tasks/" + taskId + "/start-ready");
        assertThat(startReady.status()).as("%s", startReady).isEqualTo(409);
        assertThat(startReady.errorMessage()).contains("plan awaits approval");
        assertThat(status("s1")).isEqualTo("READY");

        ApiResponse approved = api.post("/api/tasks/" + taskId + "/approve-plan");
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);
        assertThat(approved.json().path("plan_approved_at").isNull()).isFalse();
        assertThat(approved.json().path("require_plan_approval").asBoolean()).isTrue();
        SseClient.Event updated = stream.await(
                e -> e.type().equals("task:updated")
                        && e.json().path("task_id").asString().equals(taskId),
                Duration.ofSeconds(10));
        assertThat(updated.json().path("require_plan_approval").asBoolean()).isTrue();
        assertThat(updated.json().path("plan_approved_at").asString())
                .isEqualTo(approved.json().path("plan_approved_at").asString());
        assertThat(updated.json().has("autopilot")).isTrue();

        ApiResponse again = api.post("/api/tasks/" + taskId + "/approve-plan");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorMessage()).contains("already approved");

        ApiResponse started = api.post("/api/tasks/" + taskId + "/start-ready");
        assertThat(started.status()).as("%s", started).isEqualTo(200);
        assertThat(started.json()
                        .path("started")
                        .valueStream()
                        .map(s -> s.path("key").asString()))
                .containsExactly("s1");
    }

    @Test
    void approvalIsRefusedBeforeThePlanAndForATaskThatDoesNotRequireIt() {
        api = newUser();
        projectId = createProject(api);
        ids = new HashMap<>();
        String planning = newTask(",\"require_plan_approval\":true");
        ApiResponse early = api.post("/api/tasks/" + planning + "/approve-plan");
        assertThat(early.status()).as("%s", early).isEqualTo(409);
        assertThat(early.errorMessage()).contains("no plan to approve yet");

        String plain = newTask("");
        assertThat(api.get("/api/tasks/" + plain)
                        .json()
                        .path("require_plan_approval")
                        .asBoolean())
                .isFalse();
        importPlan(plain, Plans.plan().subtask("p1").build());
        ApiResponse notRequired = api.post("/api/tasks/" + plain + "/approve-plan");
        assertThat(notRequired.status()).isEqualTo(409);
        assertThat(notRequired.errorMessage()).contains("does not require plan approval");
        ApiResponse late = api.patch("/api/tasks/" + plain, "{\"require_plan_approval\":true}");
        assertThat(late.status()).as("a plan in effect: %s", late).isEqualTo(409);
        assertThat(newUser().post("/api/tasks/" + planning + "/approve-plan").status())
                .as("another user's task")
                .isEqualTo(404);
    }

    @Test
    void newTasksTakeTheProjectsDefaultAndTheReviewCanBeSwitchedOff() {
        api = newUser();
        projectId = createProject(api);
        ids = new HashMap<>();
        ApiResponse settings = api.patch("/api/projects/" + projectId, "{\"plan_approval_default\":true}");
        assertThat(settings.status()).as("%s", settings).isEqualTo(200);
        assertThat(settings.json().path("plan_approval_default").asBoolean()).isTrue();
        assertThat(api.patch("/api/projects/" + projectId, "{\"plan_approval_default\":1}")
                        .status())
                .isEqualTo(400);

        String defaulted = newTask("");
        String optedOut = newTask(",\"require_plan_approval\":false");
        assertThat(api.get("/api/tasks/" + defaulted)
                        .json()
                        .path("require_plan_approval")
                        .asBoolean())
                .isTrue();
        assertThat(api.get("/api/tasks/" + optedOut)
                        .json()
                        .path("require_plan_approval")
                        .asBoolean())
                .isFalse();

        importPlan(defaulted, Plans.plan().subtask("d1").build());
        ApiResponse off = api.patch("/api/tasks/" + defaulted, "{\"require_plan_approval\":false}");
        assertThat(off.status()).as("%s", off).isEqualTo(200);
        assertThat(off.json().path("require_plan_approval").asBoolean()).isFalse();
        assertThat(api.post("/api/subtasks/" + ids.get("d1") + "/start").status())
                .as("no review, no wait")
                .isEqualTo(200);
        assertThat(api.patch("/api/tasks/" + defaulted, "{\"require_plan_approval\":\"no\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void editingASubtaskChangesItsTextAndDependenciesAndAnnouncesIt() {
        reviewed(Plans.plan().subtask("s1").subtask("s2").build());

        ApiResponse text =
                edit("s2", "{\"title\":\"  Better title \",\"spec\":\"New spec\",\"implementation_plan\":\"1. new\"}");
        assertThat(text.status()).as("%s", text).isEqualTo(200);
        assertThat(text.json().path("title").asString()).isEqualTo("Better title");
        assertThat(text.json().path("spec").asString()).isEqualTo("New spec");
        assertThat(text.json().path("implementation_plan").asString()).isEqualTo("1. new");
        SseClient.Event updated = awaitEvent("subtask:updated", "s2");
        assertThat(updated.json().path("title").asString()).isEqualTo("Better title");
        assertThat(updated.json().path("task_id").asString()).isEqualTo(taskId);

        ApiResponse depends = edit("s2", "{\"depends_on\":" + idList("s1") + "}");
        assertThat(depends.status()).as("%s", depends).isEqualTo(200);
        assertThat(depends.json().path("depends_on").valueStream().map(JsonNode::asString))
                .containsExactly(ids.get("s1"));
        assertThat(depends.json().path("status").asString()).isEqualTo("BLOCKED");
        assertThat(depends.json().path("blocked_reason").asString()).isEqualTo("DEPENDENCY");
        SseClient.Event blocked = awaitEvent("subtask:status_changed", "s2", "BLOCKED");
        assertThat(blocked.json().path("old_status").asString()).isEqualTo("READY");
        assertThat(blocked.json().path("new_status").asString()).isEqualTo("BLOCKED");

        ApiResponse freed = edit("s2", "{\"depends_on\":[]}");
        assertThat(freed.status()).isEqualTo(200);
        assertThat(status("s2")).isEqualTo("READY");
        assertThat(subtask("s2").path("depends_on").size()).isZero();
    }

    @Test
    void badEditsAreRefusedWithAMessageAndChangeNothing() {
        reviewed(Plans.plan()
                .subtask("s1")
                .subtask("s2", "s1")
                .subtask("s3", "s2")
                .build());
        api.patch("/api/projects/" + projectId, "{\"plan_approval_default\":false}");
        String otherTask = newTask("");
        Map<String, String> before = new HashMap<>(ids);
        importPlan(otherTask, Plans.plan().subtask("x1").build());
        String foreign = ids.get("x1");
        ids = before;

        ApiResponse cycle = edit("s1", "{\"depends_on\":" + idList("s3") + "}");
        assertThat(cycle.status()).as("%s", cycle).isEqualTo(400);
        assertThat(cycle.errorMessage())
                .contains("dependency cycle")
                .contains("s1")
                .contains("s3");
        ApiResponse self = edit("s1", "{\"depends_on\":" + idList("s1") + "}");
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.errorMessage()).contains("itself");
        ApiResponse outside = edit("s1", "{\"depends_on\":[" + Api.quote(foreign) + "]}");
        assertThat(outside.status()).as("%s", outside).isEqualTo(400);
        assertThat(outside.errorMessage()).contains("not a subtask of this task");
        for (String body : List.of(
                "{}",
                "{\"title\":\"   \"}",
                "{\"title\":" + Api.quote("x".repeat(201)) + "}",
                "{\"spec\":\"\"}",
                "{\"depends_on\":[\"not-a-uuid\"]}",
                "{\"key\":\"s9\"}")) {
            ApiResponse refused = edit("s2", body);
            assertThat(refused.status()).as("%s -> %s", body, refused).isEqualTo(400);
            assertThat(refused.errorMessage()).as(body).isNotBlank();
        }
        ApiResponse missingSpec = api.post("/api/tasks/" + taskId + "/subtasks", "{\"title\":\"No spec\"}");
        assertThat(missingSpec.status()).isEqualTo(400);
        assertThat(missingSpec.errorMessage()).contains("spec");

        assertThat(status("s1")).isEqualTo("READY");
        assertThat(subtask("s1").path("depends_on").size()).isZero();
        assertThat(subtask("s2").path("title").asString()).isEqualTo("Subtask s2");
        assertThat(api.get("/api/tasks/" + taskId + "/subtasks").json().size()).isEqualTo(3);
        assertThat(newUser()
                        .patch("/api/subtasks/" + ids.get("s1"), "{\"title\":\"mine\"}")
                        .status())
                .as("another user's subtask")
                .isEqualTo(404);
    }

    @Test
    void addingASubtaskAppendsItWithAFreshKeyAndAnnouncesIt() {
        reviewed(Plans.plan().subtask("s1").subtask("s2").build());

        ApiResponse added = api.post(
                "/api/tasks/" + taskId + "/subtasks",
                "{\"title\":\"Docs\",\"spec\":\"Write the docs\",\"depends_on\":" + idList("s1", "s2") + "}");

        assertThat(added.status()).as("%s", added).isEqualTo(201);
        JsonNode subtask = added.json();
        assertThat(subtask.path("key").asString()).isEqualTo("s3");
        assertThat(subtask.path("position").asInt()).isEqualTo(2);
        assertThat(subtask.path("implementation_plan").asString()).isEmpty();
        assertThat(subtask.path("status").asString()).isEqualTo("BLOCKED");
        assertThat(subtask.path("blocked_reason").asString()).isEqualTo("DEPENDENCY");
        assertThat(subtask.path("depends_on").valueStream().map(JsonNode::asString))
                .containsExactly(ids.get("s1"), ids.get("s2"));
        SseClient.Event created = awaitEvent("subtask:created", added.id());
        assertThat(created.json().path("key").asString()).isEqualTo("s3");
        assertThat(created.json().path("status").asString()).isEqualTo("BLOCKED");
        assertThat(created.json().path("depends_on").size()).isEqualTo(2);
        assertThat(api.get("/api/tasks/" + taskId + "/subtasks")
                        .json()
                        .valueStream()
                        .map(s -> s.path("key").asString()))
                .containsExactly("s1", "s2", "s3");
    }

    @Test
    void removingASubtaskFreesItsDependentsAndKeepsPositionsGapFree() {
        reviewed(Plans.plan()
                .subtask("s1")
                .subtask("s2", "s1")
                .subtask("s3", "s1")
                .build());

        ApiResponse removed = api.delete("/api/subtasks/" + ids.get("s1"));

        assertThat(removed.status()).as("%s", removed).isEqualTo(204);
        assertThat(api.get("/api/subtasks/" + ids.get("s1")).status()).isEqualTo(404);
        JsonNode all = api.get("/api/tasks/" + taskId + "/subtasks").json();
        assertThat(all.valueStream().map(s -> s.path("key").asString())).containsExactly("s2", "s3");
        assertThat(all.valueStream().map(s -> s.path("position").asInt())).containsExactly(0, 1);
        assertThat(all.valueStream().map(s -> s.path("status").asString())).containsOnly("READY");
        assertThat(all.valueStream().map(s -> s.path("depends_on").size())).containsOnly(0);
        SseClient.Event deleted = awaitEvent("subtask:deleted", "s1");
        assertThat(deleted.json().path("task_id").asString()).isEqualTo(taskId);
        assertThat(deleted.json().path("deleted_at").isNull()).isFalse();
        SseClient.Event freed = awaitEvent("subtask:status_changed", "s2", "READY");
        assertThat(freed.json().path("old_status").asString()).isEqualTo("BLOCKED");
        assertThat(freed.json().path("new_status").asString()).isEqualTo("READY");
        SseClient.Event dependent = awaitEvent("subtask:updated", "s3");
        assertThat(dependent.json().path("depends_on").size()).isZero();
        assertThat(deleted.idNumber()).isLessThan(dependent.idNumber());

        api.delete("/api/subtasks/" + ids.get("s2"));
        ApiResponse last = api.delete("/api/subtasks/" + ids.get("s3"));
        assertThat(last.status()).as("%s", last).isEqualTo(409);
        assertThat(last.errorMessage()).contains("at least one subtask");
    }

    @Test
    void afterApprovalThePlanCanNoLongerBeEdited() {
        reviewed(Plans.plan().subtask("s1").subtask("s2").build());
        assertThat(api.post("/api/tasks/" + taskId + "/approve-plan").status()).isEqualTo(200);

        ApiResponse patch = edit("s1", "{\"title\":\"Late\"}");
        ApiResponse add = api.post("/api/tasks/" + taskId + "/subtasks", "{\"title\":\"Late\",\"spec\":\"Late\"}");
        ApiResponse remove = api.delete("/api/subtasks/" + ids.get("s2"));

        for (ApiResponse refused : List.of(patch, add, remove)) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(409);
            assertThat(refused.errorMessage()).contains("already approved");
        }
        assertThat(subtask("s1").path("title").asString()).isEqualTo("Subtask s1");
        assertThat(api.get("/api/tasks/" + taskId + "/subtasks").json().size()).isEqualTo(2);
    }
}
