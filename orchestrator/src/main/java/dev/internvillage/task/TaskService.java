package dev.internvillage.task;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.Project;
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

    private final TaskRepository tasks;
    private final ProjectService projects;
    private final Transitions transitions;
    private final ApplicationEventPublisher events;
    private final TaskAgents agents;

    /** {@code agents} is resolved on first use: the agent module that implements it depends on this service. */
    TaskService(
            TaskRepository tasks,
            ProjectService projects,
            Transitions transitions,
            ApplicationEventPublisher events,
            @Lazy TaskAgents agents) {
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

    /**
     * Creates the task in PLANNING and asks for a plan ({@link PlanningRequested}); {@code autopilot}
     * and {@code requirePlanApproval} null take the project's defaults.
     */
    @Transactional
    public Task create(
            CurrentUser user,
            ProjectId projectId,
            String title,
            String description,
            @Nullable Boolean autopilot,
            @Nullable Boolean requirePlanApproval) {
        Project project = projects.get(user, projectId);
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
                now);
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
     * Changes the task's settings that {@code autopilot} and {@code requirePlanApproval} name (null
     * keeps one); {@link TaskSettingsChanged} tells boards and the autopilot itself. A plan's review
     * can be switched on only before the plan is in effect (while the task is planning), and switched
     * off at any time, which lets the plan's work start as if it had been approved.
     *
     * @throws DomainException CONFLICT when switching the review on for a task whose plan is in effect
     */
    @Transactional
    public Task update(
            CurrentUser user, TaskId id, @Nullable Boolean autopilot, @Nullable Boolean requirePlanApproval) {
        get(user, id);
        Task task = tasks.lock(id);
        Instant now = Timestamps.now();
        Task changed = task;
        if (autopilot != null && autopilot != task.autopilot()) {
            changed = changed.withAutopilot(autopilot, now);
        }
        if (requirePlanApproval != null && requirePlanApproval != task.requirePlanApproval()) {
            if (requirePlanApproval
                    && task.status() != TaskStatus.PLANNING
                    && task.status() != TaskStatus.PLANNING_FAILED) {
                throw DomainException.conflict("the task's plan is already in effect (it is " + task.status()
                        + "); a plan review can be switched on only while the task is being planned");
            }
            changed = changed.withRequirePlanApproval(requirePlanApproval, now);
        }
        if (changed == task) {
            return task;
        }
        Task updated = tasks.update(changed);
        events.publishEvent(TaskSettingsChanged.of(updated, now));
        return updated;
    }

    /**
     * The user approves the task's imported plan: from now on its subtasks may start (by the user or
     * its autopilot, which {@link TaskSettingsChanged} wakes) and the plan can no longer be edited.
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
