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
     * null takes the project's default.
     */
    @Transactional
    public Task create(
            CurrentUser user,
            ProjectId projectId,
            String title,
            String description,
            @org.jspecify.annotations.Nullable Boolean autopilot) {
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

    /** Switches the task's autopilot; {@link TaskAutopilotChanged} tells boards and the autopilot itself. */
    @Transactional
    public Task setAutopilot(CurrentUser user, TaskId id, boolean on) {
        get(user, id);
        Task task = tasks.lock(id);
        if (task.autopilot() == on) {
            return task;
        }
        Instant now = Timestamps.now();
        Task updated = tasks.update(task.withAutopilot(on, now));
        events.publishEvent(new TaskAutopilotChanged(task.projectId(), id, on, now));
        return updated;
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
