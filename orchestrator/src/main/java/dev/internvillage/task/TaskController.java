package dev.internvillage.task;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.project.ProjectId;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
class TaskController {

    private final TaskService tasks;
    private final SubtaskService subtasks;

    TaskController(TaskService tasks, SubtaskService subtasks) {
        this.tasks = tasks;
        this.subtasks = subtasks;
    }

    @GetMapping("/projects/{projectId}/tasks")
    List<TaskResponse> list(CurrentUser user, @PathVariable UUID projectId) {
        return tasks.list(user, new ProjectId(projectId)).stream()
                .map(TaskResponse::of)
                .toList();
    }

    @PostMapping("/projects/{projectId}/tasks")
    @ResponseStatus(HttpStatus.CREATED)
    TaskResponse create(CurrentUser user, @PathVariable UUID projectId, @Valid @RequestBody CreateTaskRequest request) {
        return TaskResponse.of(tasks.create(
                user,
                new ProjectId(projectId),
                request.title(),
                request.description(),
                request.autopilot(),
                request.requirePlanApproval()));
    }

    /** Changes what a task allows to change after creation: its autopilot and its plan's review. */
    @PatchMapping("/tasks/{id}")
    TaskResponse update(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody UpdateTaskRequest request) {
        if (request.autopilot() == null && request.requirePlanApproval() == null) {
            throw DomainException.invalid("give autopilot or require_plan_approval (true or false)");
        }
        return TaskResponse.of(tasks.update(user, new TaskId(id), request.autopilot(), request.requirePlanApproval()));
    }

    /** Approves the task's plan, which lets its subtasks start; only for a task that requires it. */
    @PostMapping("/tasks/{id}/approve-plan")
    TaskResponse approvePlan(CurrentUser user, @PathVariable UUID id) {
        return TaskResponse.of(tasks.approvePlan(user, new TaskId(id)));
    }

    @GetMapping("/tasks/{id}")
    TaskResponse get(CurrentUser user, @PathVariable UUID id) {
        return TaskResponse.of(tasks.get(user, new TaskId(id)));
    }

    @DeleteMapping("/tasks/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "Delete even when worktrees hold commits that were never pushed (they are lost)")
                    @RequestParam(name = "discard_unpushed", defaultValue = "false")
                    boolean discardUnpushed) {
        tasks.delete(user, new TaskId(id), discardUnpushed);
    }

    @PostMapping("/tasks/{id}/retry-planning")
    TaskResponse retryPlanning(CurrentUser user, @PathVariable UUID id) {
        return TaskResponse.of(tasks.retryPlanning(user, new TaskId(id)));
    }

    /**
     * Starts every READY subtask of the task, each as {@code POST /subtasks/{id}/start} would; the
     * answer lists them (empty when none was ready).
     */
    @PostMapping("/tasks/{id}/start-ready")
    StartReadyResponse startReady(CurrentUser user, @PathVariable UUID id) {
        TaskId taskId = new TaskId(id);
        List<Subtask> started = subtasks.startAllReady(user, taskId);
        Map<SubtaskId, FollowUpState> followUps = subtasks.followUpsOfTask(taskId);
        return new StartReadyResponse(started.stream()
                .map(s -> SubtaskResponse.of(
                        // just started: no blocked detail, and checks belong to completed work only
                        s, followUps.getOrDefault(s.id(), FollowUpState.NONE), null, List.of()))
                .toList());
    }

    /** The subtasks a start-ready started, in board order. */
    record StartReadyResponse(List<SubtaskResponse> started) {}

    record CreateTaskRequest(
            @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters")
            String title,

            @NotBlank(message = "is required") @Size(max = 20000, message = "must be at most {max} characters")
            String description,

            @Schema(
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "Start ready subtasks and merge finished work by themselves; "
                            + "left out, the project's autopilot_default")
            @Nullable
            Boolean autopilot,

            @Schema(
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "Keep the imported plan editable and start none of its subtasks until"
                            + " POST /tasks/{id}/approve-plan; left out, the project's plan_approval_default")
            @Nullable
            Boolean requirePlanApproval) {}

    /** At least one of the fields; a field left out keeps its value. */
    record UpdateTaskRequest(
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @Nullable
            Boolean autopilot,

            @Schema(
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "true only while the task is being planned; false lets the plan's work start")
            @Nullable
            Boolean requirePlanApproval) {}

    record TaskResponse(
            UUID id,
            UUID projectId,
            String title,
            String description,
            TaskStatus status,
            @Nullable String spec,
            @Nullable String errorMessage,
            boolean autopilot,
            boolean requirePlanApproval,

            @Schema(description = "When the plan was approved; null while it awaits approval or needs none") @Nullable
            Instant planApprovedAt,

            Instant createdAt,
            Instant updatedAt) {

        static TaskResponse of(Task task) {
            return new TaskResponse(
                    task.id().value(),
                    task.projectId().value(),
                    task.title(),
                    task.description(),
                    task.status(),
                    task.spec(),
                    task.errorMessage(),
                    task.autopilot(),
                    task.requirePlanApproval(),
                    task.planApprovedAt(),
                    task.createdAt(),
                    task.updatedAt());
        }
    }
}
