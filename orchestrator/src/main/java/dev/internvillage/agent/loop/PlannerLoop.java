package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.common.DomainException;
import dev.internvillage.project.Project;
import dev.internvillage.runlog.RunLogWriter;
import dev.internvillage.task.PlanDocument;
import dev.internvillage.task.PlanValidationException;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskService;
import dev.internvillage.task.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A task's planner: runs in the project's clone, synced to origin; succeeds with exit 0 and a valid
 * plan in {@code IV_PLAN_FILE}, which is imported with the run's success in one transaction.
 */
final class PlannerLoop extends AgentLoop {

    PlannerLoop(LoopKey key, LoopContext context) {
        super(key, context);
    }

    @Override
    @Nullable
    Queued queueAttempt() {
        Task task;
        try {
            task = context.tasks().get(key.taskId());
        } catch (DomainException e) {
            return null;
        }
        if (task.status() != TaskStatus.PLANNING) {
            return null;
        }
        if (task.budgetReached()) {
            // a retry or restart while the budget is reached: planning waits for a raise
            context.tasks().recordPlanningFailed(task.id(), TaskService.BUDGET_REACHED);
            return null;
        }
        int failures = context.tasks().planningAttempts(task.id());
        String lastError = lastError();
        if (failures >= context.settings().maxRetries()) {
            context.tasks()
                    .recordPlanningFailed(
                            task.id(),
                            "gave up after " + failures + " failed attempts; the last one: "
                                    + (lastError == null ? "unknown" : lastError));
            return null;
        }
        Project project = context.projects().get(task.projectId());
        String prompt = context.prompts().planner(project, task, failures > 0 ? lastError : null);
        return new Queued(context.runs().recordQueued(task.id(), null, prompt), prompt);
    }

    @Override
    AttemptResult attempt(AgentRun run, RunLogWriter runLog, String prompt) throws Exception {
        Task task = context.tasks().get(run.taskId());
        Project project = context.projects().get(task.projectId());
        Path clone = context.workspaces().syncClone(project, runLog);
        Path planFile = context.launcher().outputFile(run, ".plan.json");
        Files.deleteIfExists(planFile);
        AgentLauncher.Outcome outcome = context.launcher()
                .launch(
                        context.launcher().agentFor(run),
                        run,
                        runLog,
                        clone,
                        Map.of(
                                "IV_ROLE", "planner",
                                "IV_TASK_ID", task.id().toString(),
                                "IV_PROJECT_ID", project.id().toString(),
                                "IV_RUN_ID", run.id().toString(),
                                "IV_WORKDIR", clone.toString(),
                                "IV_PLAN_FILE", planFile.toString()),
                        prompt,
                        null,
                        this::started);
        String failure = ProcessFailures.describe(outcome, context.settings().runTimeout());
        if (failure != null) {
            return AttemptResult.failure(outcome.tokens(), failure);
        }
        String planText = AgentLauncher.readOutput(planFile);
        if (planText == null) {
            return AttemptResult.failure(
                    outcome.tokens(), "the planner exited with status 0 but wrote no plan file (IV_PLAN_FILE)");
        }
        PlanDocument plan;
        try {
            plan = context.planImporter().parse(planText);
            context.planImporter().validate(plan);
        } catch (PlanValidationException e) {
            return AttemptResult.failure(outcome.tokens(), describe(e));
        }
        int count = plan.subtasks() == null ? 0 : plan.subtasks().size();
        runLog.note("Plan is valid: " + count + " subtask" + (count == 1 ? "" : "s"));
        return AttemptResult.success(
                outcome.tokens(), () -> context.recorder().plannerSucceeded(run, plan, outcome.tokens()));
    }

    @Override
    AttemptRecorder.Retry recordFailure(AgentRun run, AttemptResult result) {
        return context.recorder().plannerFailed(run, result.tokens(), String.valueOf(result.error()));
    }

    static String describe(PlanValidationException e) {
        List<String> problems = e.problems();
        return "the plan is invalid: " + String.join("; ", problems);
    }
}
