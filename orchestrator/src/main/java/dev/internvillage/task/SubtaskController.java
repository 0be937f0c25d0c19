package dev.internvillage.task;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.task.CurrentRunProvider.CurrentRun;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
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
        return subtasks.list(user, new TaskId(taskId)).stream()
                .map(SubtaskResponse::of)
                .toList();
    }

    @GetMapping("/subtasks/{id}")
    SubtaskResponse get(CurrentUser user, @PathVariable UUID id) {
        return SubtaskResponse.of(subtasks.get(user, new SubtaskId(id)));
    }

    @PostMapping("/subtasks/{id}/start")
    StartResponse start(CurrentUser user, @PathVariable UUID id) {
        Subtask started = subtasks.start(user, new SubtaskId(id));
        CurrentRunProvider provider = currentRuns.getIfAvailable();
        CurrentRun run =
                provider == null ? null : provider.currentRun(started.id()).orElse(null);
        return new StartResponse(SubtaskResponse.of(started), run);
    }

    @PostMapping("/subtasks/{id}/mark-merged")
    SubtaskResponse markMerged(CurrentUser user, @PathVariable UUID id) {
        return SubtaskResponse.of(subtasks.markMerged(user, new SubtaskId(id)));
    }

    /** Merges the branch into the project's default branch; the answer is the subtask, now MERGED. */
    @PostMapping("/subtasks/{id}/merge")
    SubtaskResponse merge(CurrentUser user, @PathVariable UUID id) {
        return SubtaskResponse.of(merger.getObject().merge(user, new SubtaskId(id)));
    }

    @PostMapping("/subtasks/{id}/retry")
    SubtaskResponse retry(CurrentUser user, @PathVariable UUID id) {
        return SubtaskResponse.of(subtasks.retry(user, new SubtaskId(id)));
    }

    @PatchMapping("/subtasks/{id}/position")
    SubtaskResponse move(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody MoveRequest request) {
        return SubtaskResponse.of(subtasks.move(user, new SubtaskId(id), request.position()));
    }

    record MoveRequest(
            @NotNull(message = "is required")
            @Min(value = 0, message = "must be 0 or more")
            @JsonDeserialize(using = StrictIntegerDeserializer.class)
            Integer position) {}

    record SubtaskResponse(
            UUID id,
            UUID taskId,
            String key,
            String title,
            String spec,
            String implementationPlan,
            SubtaskStatus status,
            @Nullable BlockedReason blockedReason,
            List<UUID> dependsOn,
            @Nullable String branchName,
            @Nullable String prUrl,
            @Nullable Integer prNumber,
            int retryCount,
            long tokenUsage,
            int position,
            Instant createdAt,
            Instant updatedAt,
            @Nullable MergeState mergeState,
            List<String> conflictFiles) {

        static SubtaskResponse of(Subtask s) {
            return new SubtaskResponse(
                    s.id().value(),
                    s.taskId().value(),
                    s.key(),
                    s.title(),
                    s.spec(),
                    s.implementationPlan(),
                    s.status(),
                    s.blockedReason(),
                    s.dependsOn().stream().map(SubtaskId::value).toList(),
                    s.branchName(),
                    s.prUrl(),
                    s.prNumber(),
                    s.retryCount(),
                    s.tokenUsage(),
                    s.position(),
                    s.createdAt(),
                    s.updatedAt(),
                    s.mergeState(),
                    s.conflictFiles());
        }
    }

    /** The subtask plus the run that now works on it (null until an agent has started). */
    record StartResponse(
            @JsonUnwrapped SubtaskResponse subtask,
            @Nullable CurrentRun currentRun) {}
}
