package dev.internvillage.task;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.task.CurrentRunProvider.CurrentRun;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.annotation.JsonDeserialize;

@RestController
@RequestMapping("/api")
class SubtaskController {

    private final SubtaskService subtasks;
    private final ObjectProvider<CurrentRunProvider> currentRuns;
    private final ObjectProvider<SubtaskMerger> merger;

    SubtaskController(
            SubtaskService subtasks,
            ObjectProvider<CurrentRunProvider> currentRuns,
            ObjectProvider<SubtaskMerger> merger) {
        this.subtasks = subtasks;
        this.currentRuns = currentRuns;
        this.merger = merger;
    }

    @GetMapping("/tasks/{taskId}/subtasks")
    List<SubtaskResponse> list(CurrentUser user, @PathVariable UUID taskId) {
        List<Subtask> list = subtasks.list(user, new TaskId(taskId));
        Map<SubtaskId, FollowUpState> followUps = subtasks.followUpsOfTask(new TaskId(taskId));
        Map<SubtaskId, String> blockedDetails = subtasks.blockedDetailsOfTask(new TaskId(taskId));
        Map<SubtaskId, List<ForgeCheck>> checks = subtasks.forgeChecksOfTask(new TaskId(taskId));
        return list.stream()
                .map(s -> SubtaskResponse.of(
                        s,
                        followUps.getOrDefault(s.id(), FollowUpState.NONE),
                        blockedDetails.get(s.id()),
                        checks.getOrDefault(s.id(), List.of())))
                .toList();
    }

    @GetMapping("/subtasks/{id}")
    SubtaskResponse get(CurrentUser user, @PathVariable UUID id) {
        return respond(subtasks.get(user, new SubtaskId(id)));
    }

    @PostMapping("/subtasks/{id}/start")
    StartResponse start(CurrentUser user, @PathVariable UUID id) {
        Subtask started = subtasks.start(user, new SubtaskId(id));
        CurrentRunProvider provider = currentRuns.getIfAvailable();
        CurrentRun run =
                provider == null ? null : provider.currentRun(started.id()).orElse(null);
        return new StartResponse(respond(started), run);
    }

    @PostMapping("/subtasks/{id}/mark-merged")
    SubtaskResponse markMerged(CurrentUser user, @PathVariable UUID id) {
        return respond(subtasks.markMerged(user, new SubtaskId(id)));
    }

    /** Merges the branch into the project's default branch; the answer is the subtask, now MERGED. */
    @PostMapping("/subtasks/{id}/merge")
    SubtaskResponse merge(CurrentUser user, @PathVariable UUID id) {
        return respond(merger.getObject().merge(user, new SubtaskId(id)));
    }

    /** Approves completed work: in a project that requires approval, an autopilot merges only approved work. */
    @PostMapping("/subtasks/{id}/approve")
    SubtaskResponse approve(CurrentUser user, @PathVariable UUID id) {
        return respond(subtasks.approve(user, new SubtaskId(id)));
    }

    /** Sends a branch that conflicts with the default branch back to its worker to resolve. */
    @PostMapping("/subtasks/{id}/resolve")
    SubtaskResponse resolve(CurrentUser user, @PathVariable UUID id) {
        return respond(merger.getObject().resolve(user, new SubtaskId(id)));
    }

    @PostMapping("/subtasks/{id}/retry")
    SubtaskResponse retry(CurrentUser user, @PathVariable UUID id) {
        return respond(subtasks.retry(user, new SubtaskId(id)));
    }

    /**
     * Sends review feedback back to the worker: a follow-up attempt runs on the same branch with the
     * comments in its prompt.
     */
    @PostMapping("/subtasks/{id}/request-changes")
    SubtaskResponse requestChanges(
            CurrentUser user, @PathVariable UUID id, @Valid @RequestBody RequestChangesRequest request) {
        List<ReviewFeedback.InlineComment> inline = request.comments() == null
                ? List.of()
                : request.comments().stream()
                        .map(c -> new ReviewFeedback.InlineComment(c.path().strip(), c.line(), c.body()))
                        .toList();
        String comment = request.comment() == null ? "" : request.comment();
        if (comment.isBlank() && inline.isEmpty()) {
            throw DomainException.invalid("comment: give a comment or at least one inline comment");
        }
        SubtaskId subtaskId = new SubtaskId(id);
        Subtask changed = subtasks.requestChanges(user, subtaskId, new ReviewFeedback(null, comment, inline).render());
        return respond(changed);
    }

    @PatchMapping("/subtasks/{id}/position")
    SubtaskResponse move(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody MoveRequest request) {
        return respond(subtasks.move(user, new SubtaskId(id), request.position()));
    }

    private SubtaskResponse respond(Subtask subtask) {
        return SubtaskResponse.of(
                subtask,
                subtasks.followUp(subtask.id()),
                subtasks.blockedDetail(subtask.id()),
                subtasks.forgeChecks(subtask.id()));
    }

    record MoveRequest(
            @NotNull(message = "is required")
            @Min(value = 0, message = "must be 0 or more")
            @JsonDeserialize(using = StrictIntegerDeserializer.class)
            Integer position) {}

    record RequestChangesRequest(
            @Nullable @Size(max = 20_000, message = "must be at most {max} characters")
            String comment,

            @Nullable @Size(max = 200, message = "must have at most {max} entries")
            List<@Valid LineComment> comments) {}

    record LineComment(
            @NotBlank(message = "is required") @Size(max = 1000, message = "must be at most {max} characters")
            String path,

            @Nullable
            @Min(value = 1, message = "must be 1 or more")
            @JsonDeserialize(using = StrictIntegerDeserializer.class)
            Integer line,

            @NotBlank(message = "is required") @Size(max = 5000, message = "must be at most {max} characters")
            String body) {}

    /** The subtask plus the run that now works on it (null until an agent has started). */
    record StartResponse(
            @JsonUnwrapped SubtaskResponse subtask,
            @Nullable CurrentRun currentRun) {}
}
