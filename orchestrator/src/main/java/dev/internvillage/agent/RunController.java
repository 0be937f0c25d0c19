package dev.internvillage.agent;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.TaskId;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
class RunController {

    /** The longest message a user may send a running agent. */
    static final int MAX_MESSAGE_CHARS = 10_000;

    private final RunService runs;
    private final RunStopper stopper;
    private final RunMessenger messenger;

    RunController(RunService runs, RunStopper stopper, RunMessenger messenger) {
        this.runs = runs;
        this.stopper = stopper;
        this.messenger = messenger;
    }

    /** A message for a running agent. */
    record MessageRequest(@Nullable String text) {}

    /**
     * "Tell the agent…": hands the text to the run's running agent, which reads it after its current
     * turn; it appears in the run's log as {@code [you] …}. 202 once the agent has it; 409 when the run
     * is not running, its runtime takes no messages ({@code accepts_input} false, with the reason), or
     * its session is starting or ending; 400 for an empty or too long text.
     */
    @PostMapping("/runs/{id}/messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RunService.RunView message(CurrentUser user, @PathVariable UUID id, @RequestBody MessageRequest request) {
        String text = request.text() == null ? "" : request.text().strip();
        if (text.isEmpty()) {
            throw DomainException.invalid("text must not be empty");
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw DomainException.invalid("text must be at most " + MAX_MESSAGE_CHARS + " characters");
        }
        AgentRun run = runs.get(user, new RunId(id));
        RunInput input = RunInput.of(run);
        if (!input.accepted()) {
            throw DomainException.conflict(java.util.Objects.requireNonNull(input.unavailableReason()));
        }
        if (!messenger.send(run, text)) {
            throw DomainException.conflict("The agent takes no message right now: its session is starting or ending");
        }
        return RunService.RunView.of(runs.get(run.id()));
    }

    /**
     * Stops a queued or running run: its agent is killed (a queued one never starts), the run ends
     * FAILED with "stopped by you" and no retry, and its subtask is BLOCKED/FAILURE (a planner's task
     * PLANNING_FAILED) until the owner retries. 409 when the run has already ended.
     */
    @PostMapping("/runs/{id}/cancel")
    RunService.RunView cancel(CurrentUser user, @PathVariable UUID id) {
        AgentRun run = runs.get(user, new RunId(id));
        if (!run.status().isActive()) {
            throw DomainException.conflict("the run has already ended (" + run.status() + ")");
        }
        stopper.stop(run);
        return RunService.RunView.of(runs.get(run.id()));
    }

    @GetMapping("/tasks/{taskId}/runs")
    List<RunService.RunView> plannerRuns(CurrentUser user, @PathVariable UUID taskId) {
        return runs.plannerRuns(user, new TaskId(taskId)).stream()
                .map(RunService.RunView::of)
                .toList();
    }

    @GetMapping("/subtasks/{subtaskId}/runs")
    List<RunService.RunView> workerRuns(CurrentUser user, @PathVariable UUID subtaskId) {
        return runs.workerRuns(user, new SubtaskId(subtaskId)).stream()
                .map(RunService.RunView::of)
                .toList();
    }

    /** The whole log, or with {@code from_line} and/or {@code limit} a page of numbered lines. */
    @GetMapping("/runs/{id}/logs")
    @ApiResponse(
            responseCode = "200",
            description = "The whole log (LogContent); a page of lines (LogPage) when from_line or limit is given",
            content = @Content(schema = @Schema(oneOf = {RunService.LogContent.class, RunService.LogPage.class})))
    Object logs(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(name = "from_line", required = false) @Nullable Integer fromLine,
            @RequestParam(name = "limit", required = false) @Nullable Integer limit) {
        RunId runId = new RunId(id);
        if (fromLine == null && limit == null) {
            return runs.content(user, runId);
        }
        return runs.lines(user, runId, fromLine == null ? 1 : fromLine, limit == null ? 1000 : limit);
    }
}
