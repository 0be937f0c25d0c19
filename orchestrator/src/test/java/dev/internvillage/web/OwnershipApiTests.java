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
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A second user gets 403 on every resource of the first, and changes nothing. */
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
                        new Call("GET", "/api/tasks/" + task, null),
                        new Call("DELETE", "/api/tasks/" + task, null),
                        new Call("POST", "/api/tasks/" + task + "/retry-planning", null),
                        new Call("GET", "/api/tasks/" + task + "/subtasks", null),
                        new Call("GET", "/api/tasks/" + task + "/runs", null),
                        new Call("GET", "/api/subtasks/" + subtask, null),
                        new Call("POST", "/api/subtasks/" + subtask + "/start", null),
                        new Call("POST", "/api/subtasks/" + subtask + "/mark-merged", null),
                        new Call("POST", "/api/subtasks/" + subtask + "/retry", null),
                        new Call("PATCH", "/api/subtasks/" + subtask + "/position", "{\"position\":0}"),
                        new Call("GET", "/api/subtasks/" + subtask + "/runs", null),
                        new Call("GET", "/api/runs/" + run + "/logs", null),
                        new Call("GET", "/api/runs/" + run + "/logs?from_line=1", null))
                .toList();
    }

    @Test
    void anotherUserIsForbiddenEverywhere() {
        for (Call call : everyEndpoint()) {
            ApiResponse response = call.send(intruder);
            assertThat(response.status())
                    .as("%s %s -> %s", call.method(), call.path(), response)
                    .isEqualTo(403);
            assertThat(response.errorCode()).isEqualTo("FORBIDDEN");
            assertThat(response.errorMessage()).endsWith("belongs to another user");
        }
    }

    @Test
    void theLocalUserIsAnotherUserToo() {
        for (Call call : everyEndpoint()) {
            assertThat(call.send(localUser()).status()).as(call.path()).isEqualTo(403);
        }
    }

    @Test
    void forbiddenCallsChangeNothing() {
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
            if (call.method().equals("DELETE") || call.path().endsWith("/cleanup")) {
                continue;
            }
            ApiResponse response = call.send(owner);
            assertThat(response.status())
                    .as("%s %s -> %s", call.method(), call.path(), response)
                    .isNotEqualTo(403);
        }
    }
}
