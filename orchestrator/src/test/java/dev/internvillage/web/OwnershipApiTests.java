package dev.internvillage.web;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A second user finds nothing of the first: every resource answers exactly like one that does not
 * exist (404), no body names any of the first user's ids, and nothing changes.
 */
class OwnershipApiTests extends ApiTestBase {

    @Autowired
    PlanImporter plans;

    @Autowired
    RunService runs;

    private Api owner;
    private Api intruder;
    private String project;
    private String task;
    private String subtask;
    private String run;

    @BeforeEach
    void ownersBoard() {
        owner = newUser();
        intruder = newUser();
        project = createProject(owner);
        task = createTask(owner, project);
        TaskId taskId = new TaskId(UUID.fromString(task));
        Subtask first =
                plans.importPlan(taskId, Plans.plan().subtask("s1").build()).getFirst();
        subtask = first.id().toString();
        AgentRun agentRun = runs.recordStarted(taskId, first.id(), 1, "prompt");
        run = agentRun.id().toString();
    }

    private record Call(String method, String path, String body) {
        ApiResponse send(Api api) {
            return api.send(method, path, body, body == null ? null : "application/json");
        }

        /** The same call with every id replaced by one that exists nowhere. */
        Call withIds(Map<String, String> replacements) {
            String replaced = path;
            for (Map.Entry<String, String> id : replacements.entrySet()) {
                replaced = replaced.replace(id.getKey(), id.getValue());
            }
            return new Call(method, replaced, body);
        }
    }

    private List<Call> everyEndpoint() {
        return Stream.of(
                        new Call("GET", "/api/projects/" + project, null),
                        new Call("DELETE", "/api/projects/" + project, null),
                        new Call("POST", "/api/projects/" + project + "/cleanup", null),
                        new Call("GET", "/api/projects/" + project + "/tasks", null),
                        new Call(
                                "POST",
                                "/api/projects/" + project + "/tasks",
                                "{\"title\":\"t\",\"description\":\"d\"}"),
                        new Call("GET", "/api/projects/" + project + "/active-runs", null),
                        new Call("GET", "/api/projects/" + project + "/events", null),
                        new Call("GET", "/api/projects/" + project + "/events?subscribe_logs=" + run, null),
                        new Call(
                                "PUT",
                                "/api/projects/" + project + "/events/" + UUID.randomUUID() + "/log-subscriptions",
                                "{\"runs\":[\"" + run + "\"]}"),
                        new Call("GET", "/api/tasks/" + task, null),
                        new Call("DELETE", "/api/tasks/" + task, null),
                        new Call("POST", "/api/tasks/" + task + "/retry-planning", null),
                        new Call("PATCH", "/api/tasks/" + task, "{\"require_plan_approval\":false}"),
                        new Call("POST", "/api/tasks/" + task + "/approve-plan", null),
                        new Call("POST", "/api/tasks/" + task + "/subtasks", "{\"title\":\"t\",\"spec\":\"s\"}"),
                        new Call("GET", "/api/tasks/" + task + "/subtasks", null),
                        new Call("GET", "/api/tasks/" + task + "/runs", null),
                        new Call("GET", "/api/subtasks/" + subtask, null),
                        new Call("GET", "/api/subtasks/" + subtask + "/diff", null),
                        new Call("POST", "/api/subtasks/" + subtask + "/start", null),
                        new Call("POST", "/api/subtasks/" + subtask + "/mark-merged", null),
                        new Call("POST", "/api/subtasks/" + subtask + "/merge", null),
                        new Call("POST", "/api/subtasks/" + subtask + "/retry", null),
                        new Call("PATCH", "/api/subtasks/" + subtask + "/position", "{\"position\":0}"),
                        new Call("PATCH", "/api/subtasks/" + subtask, "{\"title\":\"t\"}"),
                        new Call("DELETE", "/api/subtasks/" + subtask, null),
                        new Call("GET", "/api/subtasks/" + subtask + "/runs", null),
                        new Call("GET", "/api/runs/" + run + "/logs", null),
                        new Call("GET", "/api/runs/" + run + "/logs?from_line=1", null))
                .toList();
    }

    private List<String> ownersIds() {
        return List.of(project, task, subtask, run);
    }

    @Test
    void anotherUsersResourcesAnswerExactlyLikeMissingOnes() {
        Map<String, String> unknownIds = Map.of(
                project, UUID.randomUUID().toString(),
                task, UUID.randomUUID().toString(),
                subtask, UUID.randomUUID().toString(),
                run, UUID.randomUUID().toString());
        for (Call call : everyEndpoint()) {
            ApiResponse foreign = call.send(intruder);
            ApiResponse missing = call.withIds(unknownIds).send(intruder);

            assertThat(foreign.status())
                    .as("%s %s -> %s", call.method(), call.path(), foreign)
                    .isEqualTo(404);
            assertThat(foreign.errorCode()).isEqualTo("NOT_FOUND");
            assertThat(missing.status())
                    .as("%s with unknown ids -> %s", call.path(), missing)
                    .isEqualTo(404);
            assertThat(foreign.body())
                    .as("%s %s: the same body as for ids that exist nowhere", call.method(), call.path())
                    .isEqualTo(missing.body());
        }
    }

    @Test
    void noAnswerToAnotherUserNamesAnyOfTheOwnersIds() {
        for (Call call : everyEndpoint()) {
            ApiResponse response = call.send(intruder);
            for (String id : ownersIds()) {
                assertThat(response.body())
                        .as("%s %s -> %s", call.method(), call.path(), response)
                        .doesNotContain(id);
            }
            assertThat(response.headers().map().toString())
                    .as("headers of %s %s", call.method(), call.path())
                    .doesNotContain(project)
                    .doesNotContain(task)
                    .doesNotContain(subtask)
                    .doesNotContain(run);
        }
    }

    @Test
    void theLocalUserIsAnotherUserToo() {
        for (Call call : everyEndpoint()) {
            assertThat(call.send(localUser()).status()).as(call.path()).isEqualTo(404);
        }
    }

    @Test
    void refusedCallsChangeNothing() {
        everyEndpoint().forEach(call -> call.send(intruder));

        assertThat(owner.get("/api/projects/" + project).status()).isEqualTo(200);
        assertThat(owner.get("/api/tasks/" + task).json().path("status").asString())
                .isEqualTo("ACTIVE");
        assertThat(owner.get("/api/projects/" + project + "/tasks").json().size())
                .isEqualTo(1);
        assertThat(owner.get("/api/subtasks/" + subtask).json().path("status").asString())
                .isEqualTo("READY");
        assertThat(dataDir().resolve("projects").resolve(project).resolve("repo"))
                .exists();
    }

    @Test
    void anotherUsersProjectsAreNotListed() {
        assertThat(intruder.get("/api/projects").json().isEmpty()).isTrue();
    }

    @Test
    void theOwnerCanUseEveryEndpoint() {
        for (Call call : everyEndpoint()) {
            if (call.method().equals("DELETE")
                    || call.path().endsWith("/cleanup")
                    || call.path().contains("/events")) {
                continue; // destructive, or a stream that stays open (the event tests cover it)
            }
            ApiResponse response = call.send(owner);
            assertThat(response.status())
                    .as("%s %s -> %s", call.method(), call.path(), response)
                    .isNotEqualTo(404);
        }
    }
}
