package dev.internvillage.task;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Editing a plan that awaits approval: a subtask's text and dependencies, adding and removing subtasks. */
@RestController
@RequestMapping("/api")
class PlanEditController {

    private final PlanEditor editor;

    PlanEditController(PlanEditor editor) {
        this.editor = editor;
    }

    /** Changes the fields given; the others keep their values. */
    @PatchMapping("/subtasks/{id}")
    SubtaskResponse update(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody SubtaskEditRequest request) {
        if (request.title() == null
                && request.spec() == null
                && request.implementationPlan() == null
                && request.dependsOn() == null) {
            throw DomainException.invalid("give at least one of title, spec, implementation_plan, depends_on");
        }
        return response(editor.update(user, new SubtaskId(id), request.draft()));
    }

    @PostMapping("/tasks/{id}/subtasks")
    @ResponseStatus(HttpStatus.CREATED)
    SubtaskResponse add(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody SubtaskEditRequest request) {
        return response(editor.add(user, new TaskId(id), request.draft()));
    }

    @DeleteMapping("/subtasks/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(CurrentUser user, @PathVariable UUID id) {
        editor.remove(user, new SubtaskId(id));
    }

    private static SubtaskResponse response(Subtask subtask) {
        // a subtask of a plan under review has not started: no follow-up, blocked detail or checks
        return SubtaskResponse.of(subtask, FollowUpState.NONE, null, List.of());
    }

    /** A subtask's editable fields, with the planner's limits; title and spec are required to add one. */
    record SubtaskEditRequest(
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
            @Nullable
            @Size(max = PlanValidator.MAX_TITLE, message = "must be at most {max} characters")
            String title,

            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
            @Nullable
            @Size(max = PlanValidator.MAX_SUBTASK_SPEC, message = "must be at most {max} characters")
            String spec,

            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
            @Nullable
            @Size(max = PlanValidator.MAX_PLAN, message = "must be at most {max} characters")
            String implementationPlan,

            @Schema(
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                    description = "Ids of subtasks of the same task; replaces the whole list")
            @Nullable
            @Size(max = PlanValidator.MAX_SUBTASKS, message = "must have at most {max} entries")
            List<UUID> dependsOn) {

        PlanEditor.Draft draft() {
            return new PlanEditor.Draft(title, spec, implementationPlan, dependsOn);
        }
    }
}
