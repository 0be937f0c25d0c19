package dev.internvillage.task;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectAgentSettings;
import dev.internvillage.project.ProjectAgents;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tasks: creation (which asks for a plan), reading, deletion, and the planning outcome. */
@Service
public class TaskService {

    /** The error of a run, and the reason of a task's planning, that the task's budget stopped. */
    public static final String BUDGET_REACHED = "budget reached";

    /** What Start, Retry and the other ways of starting work answer while the budget is reached. */
    public static final String BUDGET_CONFLICT = "budget reached; raise the budget to continue";

    private final TaskRepository tasks;
    private final ProjectService projects;
    private final Transitions transitions;
    private final ApplicationEventPublisher events;
    private final TaskAgents agents;
    private final ProjectAgentSettings agentSettings;

    /** {@code agents} is resolved on first use: the agent module that implements it depends on this service. */
    TaskService(
            TaskRepository tasks,
            ProjectService projects,
            Transitions transitions,
            ApplicationEventPublisher events,
            @Lazy TaskAgents agents,
            ProjectAgentSettings agentSettings) {
        this.agentSettings = agentSettings;
        this.tasks = tasks;
        this.projects = projects;
        this.transitions = transitions;
        this.events = events;
        this.agents = agents;
    }

    public List<Task> list(CurrentUser user, ProjectId projectId) {
        projects.get(user, projectId);
        return tasks.findByProject(projectId);
    }

    /**
     * The task, if the user owns its project; another user's task is answered like a missing one,
     * and the message names no id.
     *
     * @throws DomainException NOT_FOUND
     */
    public Task get(CurrentUser user, TaskId id) {
        return tasks.find(id)
                .filter(task -> projects.isOwnedBy(user, task.projectId()))
                .orElseThrow(() -> DomainException.notFound("task"));
    }

    /** Whether the task exists and its project is the user's. */
    public boolean isOwnedBy(CurrentUser user, TaskId id) {
        return tasks.find(id)
                .filter(task -> projects.isOwnedBy(user, task.projectId()))
                .isPresent();
    }

    /** The task without an ownership check, for the agents that work on it. */
    public Task get(TaskId id) {
        return tasks.find(id).orElseThrow(() -> DomainException.notFound("task " + id));
    }

    /** A new task's budgets; a budget not given takes the project's default. */
    public record NewBudget(
            boolean usdGiven,
            java.math.@Nullable BigDecimal usd,
            boolean tokensGiven,
            @Nullable Long tokens) {
        public static final NewBudget DEFAULTS = new NewBudget(false, null, false, null);
    }

    /**
     * Creates the task in PLANNING and asks for a plan ({@link PlanningRequested}); {@code autopilot}
     * and {@code requirePlanApproval} null take the project's defaults, and so does a budget {@code
     * budget} does not give.
     */
    @Transactional
    public Task create(
            CurrentUser user,
            ProjectId projectId,
            String title,
            String description,
            @Nullable Boolean autopilot,
            @Nullable Boolean requirePlanApproval,
            NewBudget budget) {
        Project project = projects.get(user, projectId);
        ProjectAgentSettings.BudgetDefaults defaults = agentSettings.budgetDefaults(projectId);
        Instant now = Timestamps.now();
        Task task = new Task(
                new TaskId(UUID.randomUUID()),
                project.id(),
                title.strip(),
                description,
                TaskStatus.PLANNING,
                null,
                null,
                autopilot == null ? project.autopilotDefault() : autopilot,
                requirePlanApproval == null ? project.planApprovalDefault() : requirePlanApproval,
                null,
                0,
                now,
                now,
                budget.usdGiven() ? budget.usd() : defaults.usd(),
                budget.tokensGiven() ? budget.tokens() : defaults.tokens(),
                false);
        tasks.insert(task);
        transitions.created(task);
        events.publishEvent(new PlanningRequested(project.id(), task.id()));
        return task;
    }

    /**
     * Deletes the task with its subtasks and runs; its agents are stopped first. {@link TaskDeleted}
     * tells every open board. Refused while a worktree of it holds commits that were never pushed,
     * unless {@code discardUnpushed}.
     *
     * @throws DomainException CONFLICT naming the branches that would be lost
     */
    @Transactional
    public void delete(CurrentUser user, TaskId id, boolean discardUnpushed) {
        Task task = get(user, id);
        List<String> unpushed = agents.unpushedWork(task.projectId(), id);
        if (!unpushed.isEmpty() && !discardUnpushed) {
            throw DomainException.conflict(ProjectAgents.lossMessage("the task", unpushed));
        }
        tasks.lock(id);
        agents.removeAgentsOf(task.projectId(), id, discardUnpushed);
        tasks.delete(id);
        events.publishEvent(new TaskDeleted(task.projectId(), id, Timestamps.now()));
    }

    /**
     * Changes the task's settings that {@code changes} names (a field left out keeps its value): its
     * autopilot and its plan's review ({@link TaskSettingsChanged} tells the autopilot), and its
     * budgets: a budget its runs have used up stops its agents ({@link TaskBudgetReached}); one that
     * clears a reached budget lets what the budget stopped carry on ({@link TaskBudgetRaised}). Boards
     * learn of any change by {@link TaskUpdated}. A plan's review can be switched on only before the
     * plan is in effect (while the task is planning), and switched off at any time, which lets the
     * plan's work start as if it had been approved.
     *
     * @throws DomainException CONFLICT when switching the review on for a task whose plan is in effect
     */
    @Transactional
    Task update(CurrentUser user, TaskId id, TaskChanges changes) {
        get(user, id);
        Task task = tasks.lock(id);
        Instant now = Timestamps.now();
        Task changed = task;
        if (changes.autopilot() != null && changes.autopilot() != task.autopilot()) {
            changed = changed.withAutopilot(changes.autopilot(), now);
        }
        Boolean requirePlanApproval = changes.requirePlanApproval();
        if (requirePlanApproval != null && requirePlanApproval != task.requirePlanApproval()) {
            if (requirePlanApproval
                    && task.status() != TaskStatus.PLANNING
                    && task.status() != TaskStatus.PLANNING_FAILED) {
                throw DomainException.conflict("the task's plan is already in effect (it is " + task.status()
                        + "); a plan review can be switched on only while the task is being planned");
            }
            changed = changed.withRequirePlanApproval(requirePlanApproval, now);
        }
        TaskUsage usage = tasks.usage(id);
        if (changes.budgetUsdGiven() || changes.budgetTokensGiven()) {
            Task budgeted = changed.withBudget(
                    changes.budgetUsdGiven() ? changes.budgetUsd() : task.budgetUsd(),
                    changes.budgetTokensGiven() ? changes.budgetTokens() : task.budgetTokens(),
                    false,
                    now);
            changed = budgeted.withBudget(
                    budgeted.budgetUsd(), budgeted.budgetTokens(), budgeted.exhaustedBy(usage), now);
        }
        if (changed.equals(task)) {
            return task;
        }
        Task updated = tasks.update(changed);
        if (updated.autopilot() != task.autopilot() || updated.requirePlanApproval() != task.requirePlanApproval()) {
            events.publishEvent(TaskSettingsChanged.of(updated, now));
        }
        if (updated.budgetReached() && !task.budgetReached()) {
            events.publishEvent(new TaskBudgetReached(task.projectId(), id));
        } else if (!updated.budgetReached() && task.budgetReached()) {
            events.publishEvent(new TaskBudgetRaised(updated));
            if (updated.status() == TaskStatus.PLANNING_FAILED && BUDGET_REACHED.equals(updated.errorMessage())) {
                // the budget stopped its planner: planning carries on
                updated = transitions.move(updated, TaskStatus.PLANNING, t -> t.withErrorMessage(null));
                tasks.setPlanningAttempts(id, 0);
                events.publishEvent(new PlanningRequested(task.projectId(), id));
            }
        }
        events.publishEvent(new TaskUpdated(task.projectId(), updated, usage, now));
        return updated;
    }

    /**
     * After a run of the task ended: tells boards the task's cost so far, and marks its budget reached
     * when the runs used it up ({@link TaskBudgetReached} stops its agents once committed).
     *
     * @return whether the task's budget is reached
     */
    @Transactional
    public boolean recordUsage(TaskId id) {
        Task task = tasks.lock(id);
        TaskUsage usage = tasks.usage(id);
        Instant now = Timestamps.now();
        Task current = task;
        if (!task.budgetReached() && task.exhaustedBy(usage)) {
            current = tasks.update(task.withBudget(task.budgetUsd(), task.budgetTokens(), true, now));
            events.publishEvent(new TaskBudgetReached(task.projectId(), id));
        }
        events.publishEvent(new TaskUpdated(task.projectId(), current, usage, now));
        return current.budgetReached();
    }

    /** What the task's runs have cost so far. */
    public TaskUsage usage(TaskId id) {
        return tasks.usage(id);
    }

    /** What the runs of each task of the project have cost so far; a task without runs is left out. */
    public java.util.Map<TaskId, TaskUsage> usageOfProject(ProjectId projectId) {
        return tasks.usageOfProject(projectId);
    }

    /**
     * The user approves the task's imported plan: from now on its subtasks may start (by the user or
     * its autopilot, which {@link TaskSettingsChanged} wakes) and the plan can no longer be edited;
     * boards learn of it by {@link TaskUpdated}.
     *
     * @throws DomainException CONFLICT when the task has no imported plan yet, does not require
     *     approval, or was approved already
     */
    @Transactional
    public Task approvePlan(CurrentUser user, TaskId id) {
        get(user, id);
        Task task = tasks.lock(id);
        if (!task.requirePlanApproval()) {
            throw DomainException.conflict("the task does not require plan approval");
        }
        if (task.planApprovedAt() != null) {
            throw DomainException.conflict("the task's plan is already approved");
        }
        if (task.status() != TaskStatus.ACTIVE) {
            throw DomainException.conflict(
                    "the task has no plan to approve yet (it is " + task.status() + "); wait for its plan");
        }
        Instant now = Timestamps.now();
        Task approved = tasks.update(task.withPlanApproved(now));
        events.publishEvent(TaskSettingsChanged.of(approved, now));
        events.publishEvent(new TaskUpdated(task.projectId(), approved, tasks.usage(id), now));
        return approved;
    }

    /** The task, if it still exists, without an ownership check. */
    public java.util.Optional<Task> find(TaskId id) {
        return tasks.find(id);
    }

    /** ACTIVE tasks on autopilot, for the autopilot's sweep. */
    public List<Task> activeOnAutopilot() {
        return tasks.findActiveOnAutopilot();
    }

    /** PLANNING_FAILED → PLANNING: clears the failure and asks for a plan again. */
    @Transactional
    public Task retryPlanning(CurrentUser user, TaskId id) {
        get(user, id);
        Task task = tasks.lock(id);
        if (task.status() == TaskStatus.PLANNING) {
            throw DomainException.conflict("task is already being planned");
        }
        Task planning = transitions.move(task, TaskStatus.PLANNING, t -> t.withErrorMessage(null));
        tasks.setPlanningAttempts(id, 0);
        events.publishEvent(new PlanningRequested(task.projectId(), id));
        return planning;
    }

    /** Tasks waiting for a plan, across all projects (for the planner's recovery at start-up). */
    public List<Task> planning() {
        return tasks.findByStatus(TaskStatus.PLANNING);
    }

    /** Failed planner attempts since planning last (re)started. */
    public int planningAttempts(TaskId id) {
        return tasks.planningAttempts(id);
    }

    /**
     * Counts one more failed planner attempt.
     *
     * @return the failed attempts so far
     */
    @Transactional
    public int recordPlanningAttemptFailed(TaskId id) {
        tasks.lock(id);
        int attempts = tasks.planningAttempts(id) + 1;
        tasks.setPlanningAttempts(id, attempts);
        return attempts;
    }

    /** PLANNING → PLANNING_FAILED: the planner ran out of attempts; {@code reason} says why. */
    @Transactional
    public Task recordPlanningFailed(TaskId id, String reason) {
        Task task = tasks.lock(id);
        return transitions.move(task, TaskStatus.PLANNING_FAILED, t -> t.withErrorMessage(truncate(reason)));
    }

    private static String truncate(String reason) {
        return reason.length() <= 4000 ? reason : reason.substring(0, 3997) + "...";
    }
}
