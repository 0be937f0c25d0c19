package dev.internvillage.task;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.project.ProjectId;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
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
        List<Task> list = tasks.list(user, new ProjectId(projectId));
        Map<TaskId, TaskUsage> usage = tasks.usageOfProject(new ProjectId(projectId));
        return list.stream()
                .map(t -> TaskResponse.of(t, usage.getOrDefault(t.id(), TaskUsage.NONE)))
                .toList();
    }

    @PostMapping("/projects/{projectId}/tasks")
    @ResponseStatus(HttpStatus.CREATED)
    TaskResponse create(CurrentUser user, @PathVariable UUID projectId, @Valid @RequestBody CreateTaskRequest request) {
        TaskService.NewBudget budget = new TaskService.NewBudget(
                request.budgetUsd() != null,
                request.budgetUsd(),
                request.budgetTokens() != null,
                request.budgetTokens());
        Task task = tasks.create(
                user,
                new ProjectId(projectId),
                request.title(),
                request.description(),
                request.autopilot(),
                request.requirePlanApproval(),
                budget);
        return TaskResponse.of(task, TaskUsage.NONE);
    }

    /**
     * Changes what a task allows to change after creation: its autopilot, its plan's review and its
     * budgets. Raising a reached budget lets the work it stopped carry on.
     */
    @PatchMapping("/tasks/{id}")
    TaskResponse update(
            CurrentUser user,
            @PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            schema = @Schema(implementation = UpdateTaskRequest.class)))
                    @RequestBody
                    tools.jackson.databind.JsonNode body) {
        TaskId taskId = new TaskId(id);
        Task task = tasks.update(user, taskId, TaskChanges.parse(body));
        return TaskResponse.of(task, tasks.usage(taskId));
    }

    /** Approves the task's plan, which lets its subtasks start; only for a task that requires it. */
    @PostMapping("/tasks/{id}/approve-plan")
    TaskResponse approvePlan(CurrentUser user, @PathVariable UUID id) {
        TaskId taskId = new TaskId(id);
        return TaskResponse.of(tasks.approvePlan(user, taskId), tasks.usage(taskId));
    }

    @GetMapping("/tasks/{id}")
    TaskResponse get(CurrentUser user, @PathVariable UUID id) {
        TaskId taskId = new TaskId(id);
        return TaskResponse.of(tasks.get(user, taskId), tasks.usage(taskId));
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
        TaskId taskId = new TaskId(id);
        return TaskResponse.of(tasks.retryPlanning(user, taskId), tasks.usage(taskId));
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
            Boolean requirePlanApproval,

            @Schema(
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "Stop the task's agents once its runs cost this many US dollars;"
                            + " left out or null, the project's budget_usd_default")
            @Positive(message = "must be above 0")
            @DecimalMax(value = "1000000", message = "must be at most 1000000")
            java.math.@Nullable BigDecimal budgetUsd,

            @Schema(
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "Stop the task's agents once its runs used this many tokens;"
                            + " left out or null, the project's budget_tokens_default")
            @Positive(message = "must be above 0")
            @Nullable
            Long budgetTokens) {}

    /**
     * The fields {@code PATCH} accepts, at least one, each optional (a field left out keeps its value),
     * for the API document; {@link TaskChanges} reads the body.
     */
    @Schema(name = "UpdateTaskRequest")
    static final class UpdateTaskRequest {
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        public @Nullable Boolean autopilot;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "true only while the task is being planned; false lets the plan's work start")
        public @Nullable Boolean requirePlanApproval;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The budget in US dollars, above 0; null removes it")
        public java.math.@Nullable BigDecimal budgetUsd;

        @Schema(
                requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "The budget in tokens, above 0; null removes it")
        public @Nullable Long budgetTokens;
    }

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
            Instant updatedAt,

            @Schema(description = "The budget in US dollars; null: none")
            java.math.@Nullable BigDecimal budgetUsd,

            @Schema(description = "The budget in tokens; null: none") @Nullable
            Long budgetTokens,

            @Schema(description = "The runs used up the budget: the task's agents stopped until it is raised")
            boolean budgetReached,

            @Schema(
                    description = "What the task's runs (planner and workers) have cost so far; null while none"
                            + " reported a cost")
            java.math.@Nullable BigDecimal costUsd,

            @Schema(description = "The tokens the task's runs have used so far")
            long tokenUsage) {

        static TaskResponse of(Task task, TaskUsage usage) {
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
                    task.updatedAt(),
                    task.budgetUsd(),
                    task.budgetTokens(),
                    task.budgetReached(),
                    usage.costUsd(),
                    usage.tokens());
        }
    }
}
