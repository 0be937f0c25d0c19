package dev.internvillage.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunService;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.auth.User;
import dev.internvillage.task.PlanImporter;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.TaskId;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.Plans;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/activity} and {@code GET /api/needs-you}: across the user's projects, and only theirs. */
class ActivityApiTests extends ApiTestBase {

    @Autowired
    PlanImporter plans;

    @Autowired
    SubtaskService subtasks;

    @Autowired
    RunService runs;

    private record Board(String project, TaskId task, List<Subtask> subtasks) {}

    private Board board(Api api, Plans plan) {
        String project = createProject(api);
        TaskId task = new TaskId(UUID.fromString(createTask(api, project)));
        return new Board(project, task, plans.importPlan(task, plan.build()));
    }

    private static List<JsonNode> array(JsonNode node) {
        return node.valueStream().toList();
    }

    @Test
    void activityListsTheRunningAndQueuedAgentsOfEveryProjectWithTheirNames() {
        User user = users.create("activity-" + UUID.randomUUID().toString().substring(0, 8));
        Api api = as(user);
        Board first = board(api, Plans.plan().subtask("s1"));
        Board second = board(api, Plans.plan().subtask("s1"));
        Board strangers = board(newUser(), Plans.plan().subtask("s1"));
        AgentRun running =
                runs.recordStarted(first.task(), first.subtasks().getFirst().id(), 2, "prompt");
        AgentRun other =
                runs.recordStarted(second.task(), second.subtasks().getFirst().id(), 1, "prompt");
        AgentRun notMine = runs.recordStarted(
                strangers.task(), strangers.subtasks().getFirst().id(), 1, "prompt");
        AgentRun finished = runs.recordStarted(second.task(), null, 1, "prompt");
        runs.recordSucceeded(finished.id(), 10, null);

        JsonNode listed = api.get("/api/activity").json().path("runs");

        assertThat(array(listed).stream().map(r -> r.path("run_id").asString()))
                .containsExactlyInAnyOrder(running.id().toString(), other.id().toString())
                .doesNotContain(notMine.id().toString(), finished.id().toString());
        JsonNode row = array(listed).stream()
                .filter(r -> r.path("run_id").asString().equals(running.id().toString()))
                .findFirst()
                .orElseThrow();
        assertThat(row.path("project_id").asString()).isEqualTo(first.project());
        assertThat(row.path("project_name").asString()).isNotBlank();
        assertThat(row.path("task_id").asString()).isEqualTo(first.task().toString());
        assertThat(row.path("task_title").asString()).isNotBlank();
        assertThat(row.path("subtask_key").asString()).isEqualTo("s1");
        assertThat(row.path("subtask_title").asString()).isEqualTo("Subtask s1");
        assertThat(row.path("agent_type").asString()).isEqualTo("WORKER");
        assertThat(row.path("status").asString()).isEqualTo("RUNNING");
        assertThat(row.path("attempt_number").asInt()).isEqualTo(2);
    }

    @Test
    void needsYouHoldsFailedAndFollowUpLimitedSubtasksAndFailedPlansButNotWaitingOnes() {
        User user = users.create("inbox-" + UUID.randomUUID().toString().substring(0, 8));
        Api api = as(user);
        CurrentUser me = new CurrentUser(user.id());
        Board board = board(api, Plans.plan().subtask("s1").subtask("s2", "s1").subtask("s3"));
        Subtask failed = board.subtasks().getFirst();
        subtasks.start(me, failed.id());
        AgentRun run = runs.recordStarted(board.task(), failed.id(), 1, "prompt");
        runs.recordFailed(run.id(), 0, "agent exited with code 3", false, null);
        subtasks.recordWorkFailed(failed.id(), 1);
        User stranger = users.create("stranger-" + UUID.randomUUID().toString().substring(0, 8));
        Board strangers = board(as(stranger), Plans.plan().subtask("s1"));
        subtasks.start(
                new CurrentUser(stranger.id()), strangers.subtasks().getFirst().id());
        subtasks.recordWorkFailed(strangers.subtasks().getFirst().id(), 1);

        List<JsonNode> items = array(api.get("/api/needs-you").json().path("items"));

        assertThat(items).hasSize(1);
        JsonNode item = items.getFirst();
        assertThat(item.path("kind").asString()).isEqualTo("FAILED");
        assertThat(item.path("subtask_id").asString()).isEqualTo(failed.id().toString());
        assertThat(item.path("subtask_key").asString()).isEqualTo("s1");
        assertThat(item.path("project_id").asString()).isEqualTo(board.project());
        assertThat(item.path("detail").asString()).isEqualTo("agent exited with code 3");
        assertThat(item.path("since").asString()).isNotBlank();
    }

    @Test
    void aPlanWaitingForApprovalIsInTheInboxUntilApproved() {
        Api api = newUser();
        String project = createProject(api);
        String task = api.post(
                        "/api/projects/" + project + "/tasks",
                        "{\"title\":\"Review me\",\"description\":\"d\",\"require_plan_approval\":true}")
                .id();
        plans.importPlan(
                new TaskId(UUID.fromString(task)), Plans.plan().subtask("s1").build());

        List<JsonNode> items = array(api.get("/api/needs-you").json().path("items"));
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.path("kind").asString()).isEqualTo("PLAN_AWAITING_APPROVAL");
            assertThat(item.path("task_id").asString()).isEqualTo(task);
            assertThat(item.path("subtask_id").isNull()).isTrue();
        });

        assertThat(api.post("/api/tasks/" + task + "/approve-plan").status()).isEqualTo(200);
        assertThat(api.get("/api/needs-you").json().path("items").size()).isZero();
    }

    @Test
    void anEmptyInboxAndNoActivityAreEmptyLists() {
        Api api = newUser();
        assertThat(api.get("/api/needs-you").json().path("items").isArray()).isTrue();
        assertThat(api.get("/api/needs-you").json().path("items").size()).isZero();
        assertThat(api.get("/api/activity").json().path("runs").size()).isZero();
    }
}
