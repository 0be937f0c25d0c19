package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.process.AgentProcess;
import dev.internvillage.agent.workspace.Workspaces;
import dev.internvillage.common.DomainException;
import dev.internvillage.project.Project;
import dev.internvillage.review.PullRequest;
import dev.internvillage.runlog.RunLogWriter;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.FollowUpState;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A subtask's worker: runs in the subtask's worktree; succeeds with exit 0, a result file saying
 * {@code done}, at least one commit on the branch (a new one when it follows a review), and the
 * project's check command passing. Then the orchestrator pushes the branch, opens (or keeps) the
 * pull request and records both with the run's success. A follow-up's prompt carries its cause.
 */
final class WorkerLoop extends AgentLoop {

    WorkerLoop(LoopKey key, LoopContext context) {
        super(key, context);
    }

    private SubtaskId subtaskId() {
        return Objects.requireNonNull(key.subtaskId());
    }

    @Override
    @Nullable
    Queued queueAttempt() {
        Subtask subtask;
        try {
            subtask = context.subtasks().get(subtaskId());
        } catch (DomainException e) {
            return null;
        }
        if (subtask.status() != SubtaskStatus.IN_PROGRESS) {
            return null;
        }
        Task task = context.tasks().get(subtask.taskId());
        if (task.budgetReached()) {
            // a retry, follow-up or restart while the budget is reached: the subtask waits for a raise
            context.subtasks().recordStoppedByBudget(subtask.id());
            return null;
        }
        String lastError = lastError();
        if (subtask.retryCount() >= context.settings().maxRetries()) {
            // only after a restart counted the interrupted attempt as the last one
            context.subtasks().recordWorkFailed(subtask.id(), subtask.retryCount());
            return null;
        }
        Project project = context.projects().get(task.projectId());
        Set<SubtaskId> deps = Set.copyOf(subtask.dependsOn());
        List<Subtask> dependencies = context.subtasks().listOfTask(task.id()).stream()
                .filter(s -> deps.contains(s.id()))
                .toList();
        FollowUpState followUp = context.subtasks().followUp(subtask.id());
        String prompt = context.prompts()
                .worker(
                        project,
                        task,
                        subtask,
                        dependencies,
                        Workspaces.branchName(task, subtask),
                        subtask.retryCount() > 0 ? lastError : null,
                        followUp);
        // a failed attempt is retried; otherwise the run has the follow-up's cause (none at first)
        FollowUpReason reason = subtask.retryCount() > 0 ? FollowUpReason.RETRY : followUp.reason();
        return new Queued(context.runs().recordQueued(task.id(), subtask.id(), prompt, reason), prompt);
    }

    @Override
    AttemptResult attempt(AgentRun run, RunLogWriter runLog, String prompt) throws Exception {
        Subtask subtask = context.subtasks().get(subtaskId());
        Task task = context.tasks().get(subtask.taskId());
        Project project = context.projects().get(task.projectId());
        Workspaces.Worktree worktree = context.workspaces().prepareWorktree(project, task, subtask, runLog);
        if (worktree.created()) {
            noteWorkOfAnotherInstance(run, worktree, runLog);
        }
        if (!worktree.branch().equals(subtask.branchName())) {
            subtask = context.subtasks().recordBranch(subtask.id(), worktree.branch());
        }
        // the cause this attempt works on; it changes only when the attempt's outcome is recorded
        FollowUpReason cause = context.subtasks().followUp(subtask.id()).reason();
        List<String> conflicted = List.of();
        boolean resolving = cause == FollowUpReason.CONFLICT;
        if (resolving) {
            conflicted = context.workspaces().mergeDefaultBranch(project, worktree);
            runLog.note(
                    conflicted.isEmpty()
                            ? "Merged " + worktree.baseBranch() + " into " + worktree.branch() + " without conflicts"
                            : "Merged " + worktree.baseBranch() + " into " + worktree.branch() + "; conflicts in "
                                    + String.join(", ", conflicted) + " for the agent to resolve");
        }
        Path resultFile = context.launcher().outputFile(run, ".result.json");
        Files.deleteIfExists(resultFile);
        AgentLauncher.Agent agent = context.launcher().agentFor(run);
        Map<String, String> ivEnv = Map.of(
                "IV_ROLE", "worker",
                "IV_TASK_ID", task.id().toString(),
                "IV_SUBTASK_ID", subtask.id().toString(),
                "IV_PROJECT_ID", project.id().toString(),
                "IV_RUN_ID", run.id().toString(),
                "IV_WORKDIR", worktree.path().toString(),
                "IV_RESULT_FILE", resultFile.toString());
        String setupFailure = setUp(agent, runLog, worktree, ivEnv, resultFile.resolveSibling(SETUP_DONE));
        if (setupFailure != null) {
            return AttemptResult.failure(0, setupFailure);
        }
        String headBefore = context.workspaces().head(worktree);
        AgentLauncher.Outcome outcome = context.launcher()
                .launch(agent, run, runLog, worktree.path(), ivEnv, prompt, previousAttempt(run), this::started);
        String failure = ProcessFailures.describe(outcome, context.settings().runTimeout());
        if (failure != null) {
            return AttemptResult.failure(outcome.tokens(), failure);
        }
        String resultProblem = checkResultFile(resultFile);
        if (resultProblem != null) {
            return AttemptResult.failure(outcome.tokens(), resultProblem);
        }
        if (resolving) {
            String unresolved = context.workspaces().unresolvedMerge(worktree, conflicted);
            if (unresolved != null) {
                return AttemptResult.failure(outcome.tokens(), unresolved);
            }
        }
        int commits = context.workspaces().commitsAhead(project, worktree);
        if (commits == 0) {
            return AttemptResult.failure(
                    outcome.tokens(),
                    "the worker made no commit on " + worktree.branch() + " (commit the change before exiting)");
        }
        if (cause == FollowUpReason.CHANGES_REQUESTED
                && context.workspaces().head(worktree).equals(headBefore)) {
            return AttemptResult.failure(
                    outcome.tokens(),
                    "the worker made no new commit for the requested changes (commit them before exiting)");
        }
        String checkCommand = project.checkCommand();
        if (checkCommand != null) {
            AttemptResult checkFailure = runCheck(agent, runLog, worktree, ivEnv, checkCommand, outcome.tokens());
            if (checkFailure != null) {
                return checkFailure;
            }
        }
        runLog.note("Pushing " + worktree.branch() + " (" + commits + " commit" + (commits == 1 ? "" : "s") + ")");
        context.workspaces().push(project, worktree.branch());
        Subtask current = subtask;
        PullRequest pullRequest = context.forges().forProject(project).open(project, task, current, worktree.branch());
        runLog.note("Pull request #" + pullRequest.number() + ": " + pullRequest.url());
        return AttemptResult.success(
                outcome.tokens(),
                () -> context.recorder().workerSucceeded(run, outcome.tokens(), worktree.branch(), pullRequest));
    }

    /**
     * A worktree lives in the data directory of the instance that made it. When the attempt before
     * this one ran on another instance, this one starts from what that instance pushed (or from the
     * default branch): commits it had not pushed are not here, and the log says so rather than
     * losing them silently.
     */
    private void noteWorkOfAnotherInstance(AgentRun run, Workspaces.Worktree worktree, RunLogWriter runLog) {
        AgentRun previous = previousAttempt(run);
        if (previous == null) {
            return;
        }
        String instance = context.runs().instanceOf(previous.id()).orElse(null);
        if (instance == null || instance.equals(context.instance().value())) {
            return;
        }
        String from = worktree.fromPushedBranch()
                ? "the branch " + worktree.branch() + " as it was last pushed"
                : worktree.baseBranch() + " (the branch was never pushed)";
        runLog.note("Attempt " + previous.attemptNumber() + " ran on instance " + instance
                + ", whose worktree is not on this one: the worktree was re-created from " + from
                + "; commits that instance had not pushed could not be recovered");
        org.slf4j.LoggerFactory.getLogger(WorkerLoop.class)
                .warn(
                        "{}: worktree re-created from {} on this instance; unpushed commits of instance {} are lost",
                        key,
                        worktree.fromPushedBranch() ? "the pushed branch" : worktree.baseBranch(),
                        instance);
    }

    /** The subtask's attempt before {@code run}, whose session a follow-up continues; null for the first. */
    private @Nullable AgentRun previousAttempt(AgentRun run) {
        AgentRun previous = null;
        for (AgentRun earlier : context.runs().history(run.taskId(), run.subtaskId())) {
            if (earlier.attemptNumber() < run.attemptNumber()
                    && (previous == null || earlier.attemptNumber() > previous.attemptNumber())) {
                previous = earlier;
            }
        }
        return previous;
    }

    /** Runs the project's check; a failure carries the end of its output for the next prompt. */
    private @Nullable AttemptResult runCheck(
            AgentLauncher.Agent agent,
            RunLogWriter runLog,
            Workspaces.Worktree worktree,
            Map<String, String> ivEnv,
            String command,
            long tokens)
            throws Exception {
        AgentLauncher.CheckOutcome check =
                context.launcher().runCheck(agent, runLog, worktree.path(), ivEnv, command, this::started);
        AgentProcess.Result result = check.result();
        if (result.succeeded()) {
            runLog.note("The check passed");
            return null;
        }
        String how = switch (result.ending()) {
            case EXITED -> "exited with status " + result.exitCode();
            case TIMED_OUT ->
                "did not finish within "
                        + ProcessFailures.human(context.settings().runTimeout()) + " and was killed";
            case CANCELLED -> "was stopped";
        };
        String error = "the check `" + command + "` " + how;
        String details =
                "The check `" + command + "` " + how + ". The end of its output:\n\n```\n" + check.tail() + "```\n";
        return AttemptResult.checksFailed(tokens, error, details);
    }

    /** Marks (beside the run's files) that the setup command ran to success in the subtask's worktree. */
    private static final String SETUP_DONE = "setup-done";

    /**
     * Runs the project's setup command in a new worktree (or one whose setup has not yet succeeded),
     * before the worker; the failure to report, or null.
     */
    private @Nullable String setUp(
            AgentLauncher.Agent agent,
            RunLogWriter runLog,
            Workspaces.Worktree worktree,
            Map<String, String> ivEnv,
            Path done)
            throws Exception {
        String command = agent.setupCommand();
        if (worktree.created()) {
            Files.deleteIfExists(done);
        }
        if (command == null || Files.exists(done)) {
            return null;
        }
        AgentLauncher.CheckOutcome setup =
                context.launcher().runSetup(agent, runLog, worktree.path(), ivEnv, command, this::started);
        AgentProcess.Result result = setup.result();
        if (result.succeeded()) {
            Files.writeString(done, command);
            runLog.note("The setup command succeeded");
            return null;
        }
        return "the setup command `" + command + "` "
                + switch (result.ending()) {
                    case EXITED -> "exited with status " + result.exitCode();
                    case TIMED_OUT ->
                        "did not finish within "
                                + ProcessFailures.human(context.settings().runTimeout());
                    case CANCELLED -> "was stopped";
                };
    }

    @Override
    AttemptRecorder.Retry recordFailure(AgentRun run, AttemptResult result) {
        if (result.checkOutput() != null) {
            return context.recorder()
                    .workerChecksFailed(run, result.tokens(), String.valueOf(result.error()), result.checkOutput());
        }
        return context.recorder().workerFailed(run, result.tokens(), String.valueOf(result.error()));
    }

    private @Nullable String checkResultFile(Path resultFile) {
        try {
            String text = AgentLauncher.readOutput(resultFile);
            if (text == null) {
                return "the worker exited with status 0 but wrote no result file (IV_RESULT_FILE)";
            }
            JsonNode result = context.json().readTree(text);
            String status = result.path("status").asString("");
            if (!"done".equals(status)) {
                return "the result file says status '" + status + "', not 'done'"
                        + (result.path("summary").isString()
                                ? ": " + result.path("summary").asString()
                                : "");
            }
            return null;
        } catch (JacksonException | java.io.IOException e) {
            return "the result file is not valid JSON: " + e.getMessage();
        }
    }
}
