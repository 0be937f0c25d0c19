package dev.internvillage.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.project.ProjectId;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.FailureInjector;
import dev.internvillage.testing.Plans;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

@RecordApplicationEvents
class PlanImportTests extends ApiTestBase {

    @Autowired
    PlanImporter importer;

    @Autowired
    TaskService tasks;

    @Autowired
    SubtaskService subtasks;

    @Autowired
    FailureInjector failures;

    @Autowired
    ApplicationEvents events;

    private Api api;
    private TaskId task;

    @BeforeEach
    void newTask() {
        api = newUser();
        task = new TaskId(UUID.fromString(createTask(api, createProject(api))));
    }

    private String taskStatus() {
        return api.get("/api/tasks/" + task).json().path("status").asString();
    }

    private int subtaskCount() {
        return api.get("/api/tasks/" + task + "/subtasks").json().size();
    }

    @Test
    void parsesThePlannersSnakeCaseJson() {
        PlanDocument plan = importer.parse("""
                {"spec": "Due dates", "subtasks": [
                  {"key": "s1", "title": "Model", "spec": "Add a field", "implementation_plan": "Edit todos.js",
                   "depends_on": []},
                  {"key": "s2", "title": "CLI", "spec": "Show it", "depends_on": ["s1"]}]}""");

        List<Subtask> imported = importer.importPlan(task, plan);

        assertThat(imported).extracting(Subtask::key).containsExactly("s1", "s2");
        assertThat(imported.get(0).implementationPlan()).isEqualTo("Edit todos.js");
        assertThat(imported.get(1).implementationPlan()).isEmpty();
        assertThat(imported.get(1).dependsOn()).containsExactly(imported.get(0).id());
        assertThat(imported)
                .extracting(Subtask::phase)
                .containsExactly(SubtaskPhase.READY, SubtaskPhase.BLOCKED_DEPENDENCY);
    }

    @Test
    void aFileThatIsNotJsonIsAnInvalidPlan() {
        assertThatThrownBy(() -> importer.parse("{\"spec\": "))
                .isInstanceOf(PlanValidationException.class)
                .hasMessageStartingWith("invalid plan: plan: not a valid plan JSON document");
        assertThatThrownBy(() -> importer.parse("null")).isInstanceOf(PlanValidationException.class);
        assertThatThrownBy(() -> importer.parse("{\"subtasks\": 5}")).isInstanceOf(PlanValidationException.class);
    }

    @Test
    void anInvalidPlanChangesNothing() {
        PlanDocument cyclic =
                Plans.plan().subtask("s1", "s2").subtask("s2", "s1").build();

        assertThatThrownBy(() -> importer.importPlan(task, cyclic))
                .isInstanceOf(PlanValidationException.class)
                .hasMessage("invalid plan: depends_on: dependency cycle s1 -> s2 -> s1");

        assertThat(taskStatus()).isEqualTo("PLANNING");
        assertThat(subtaskCount()).isZero();
    }

    @Test
    void aFailureHalfWayRollsTheWholeImportBack() {
        failures.failNextSubtaskChange(task);

        assertThatThrownBy(() -> importer.importPlan(task, Plans.diamond())).hasMessageContaining("injected failure");

        assertThat(taskStatus()).isEqualTo("PLANNING");
        assertThat(subtaskCount()).as("no half-written rows").isZero();
        assertThat(importer.importPlan(task, Plans.diamond()))
                .as("the task can still be planned")
                .hasSize(4);
    }

    @Test
    void importsOnlyIntoATaskThatIsPlanning() {
        importer.importPlan(task, Plans.diamond());

        assertThatThrownBy(() -> importer.importPlan(task, Plans.diamond()))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("is ACTIVE, not PLANNING");
        assertThat(subtaskCount()).isEqualTo(4);
    }

    @Test
    void importAnnouncesEveryStatusChange() {
        importer.importPlan(task, Plans.diamond());

        assertThat(events.stream(SubtaskStatusChanged.class))
                .extracting(e -> e.oldStatus() + "->" + e.newStatus()
                        + (e.blockedReason() == null ? "" : "/" + e.blockedReason()))
                .containsExactly(
                        "PENDING->READY",
                        "PENDING->BLOCKED/DEPENDENCY",
                        "PENDING->BLOCKED/DEPENDENCY",
                        "PENDING->BLOCKED/DEPENDENCY");
        assertThat(events.stream(TaskStatusChanged.class).filter(e -> e.taskId().equals(task)))
                .extracting(TaskStatusChanged::oldStatus, TaskStatusChanged::newStatus)
                .containsExactly(tuple(TaskStatus.PLANNING, TaskStatus.ACTIVE));
    }

    @Test
    void creatingATaskAsksForAPlan() {
        events.clear();
        ProjectId project = new ProjectId(UUID.fromString(createProject(localUser())));
        Task created = tasks.create(
                new CurrentUser(users.localUser().id()),
                project,
                "Title",
                "Description",
                null,
                null,
                TaskService.NewBudget.DEFAULTS);

        assertThat(events.stream(TaskStatusChanged.class)).singleElement().satisfies(e -> {
            assertThat(e.oldStatus()).isNull();
            assertThat(e.newStatus()).isEqualTo(TaskStatus.PLANNING);
        });
        assertThat(events.stream(PlanningRequested.class))
                .containsExactly(new PlanningRequested(created.projectId(), created.id()));
    }

    @Test
    void mergingAnnouncesUnblockedDependentsAndTheFinishedTask() {
        List<Subtask> board = importer.importPlan(
                task, Plans.plan().subtask("s1").subtask("s2", "s1").build());
        SubtaskId s1 = board.get(0).id();
        SubtaskId s2 = board.get(1).id();
        var user = new dev.internvillage.auth.CurrentUser(users.get(new dev.internvillage.auth.UserId(
                        UUID.fromString(api.get("/api/auth/me").id())))
                .id());
        // branches with nothing new: already on main, as Mark Merged's check wants
        java.nio.file.Path origin =
                java.nio.file.Path.of(api.get("/api/projects/" + tasks.get(task).projectId())
                        .json()
                        .path("repo_url")
                        .asString());
        dev.internvillage.testing.GitFixtures.git(origin, "branch", "b1", "main");
        dev.internvillage.testing.GitFixtures.git(origin, "branch", "b2", "main");
        subtasks.start(user, s1);
        subtasks.recordWorkCompleted(s1, "b1", "http://review/1", 1);
        events.clear();

        subtasks.markMerged(user, s1);

        assertThat(events.stream(SubtaskUnblocked.class)).singleElement().satisfies(e -> {
            assertThat(e.subtaskId()).isEqualTo(s2);
            assertThat(e.unblockedBy()).isEqualTo(s1);
        });
        assertThat(events.stream(WorkRequested.class)).isEmpty();

        subtasks.start(user, s2);
        assertThat(events.stream(WorkRequested.class))
                .containsExactly(new WorkRequested(
                        board.get(0).taskId() == null ? null : tasks.get(task).projectId(), task, s2));
        subtasks.recordWorkCompleted(s2, "b2", "http://review/2", 2);
        subtasks.markMerged(user, s2);
        assertThat(events.stream(TaskStatusChanged.class))
                .extracting(TaskStatusChanged::newStatus)
                .containsExactly(TaskStatus.DONE);
    }
}
