package dev.internvillage.task;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.task.graph.DependencyGraph;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Edits of a plan under review: a task whose plan awaits the user's approval keeps its imported
 * subtasks editable (text and dependencies), and subtasks can be added and removed. Each edit is one
 * transaction under the task's lock, holds the planner's limits (see {@link PlanValidator}), keeps
 * the dependencies acyclic within the task, and settles every subtask READY or BLOCKED/DEPENDENCY
 * again, so the board is always one the plan import could have made.
 */
@Service
public class PlanEditor {

    private final TaskRepository tasks;
    private final SubtaskRepository subtasks;
    private final TaskService taskService;
    private final Transitions transitions;
    private final ApplicationEventPublisher events;

    PlanEditor(
            TaskRepository tasks,
            SubtaskRepository subtasks,
            TaskService taskService,
            Transitions transitions,
            ApplicationEventPublisher events) {
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.taskService = taskService;
        this.transitions = transitions;
        this.events = events;
    }

    /** A subtask's editable fields; null keeps a field (an edit) or leaves it empty (a new subtask). */
    public record Draft(
            @Nullable String title,
            @Nullable String spec,
            @Nullable String implementationPlan,
            @Nullable List<UUID> dependsOn) {}

    /**
     * Adds a subtask at the end of the plan, with a fresh key; it is READY or BLOCKED/DEPENDENCY by its
     * dependencies, announced by {@link SubtaskCreated}.
     *
     * @throws DomainException INVALID_REQUEST for a missing title or spec, a dependency outside the
     *     task, or a plan past its size; CONFLICT when the plan does not await approval
     */
    @Transactional
    public Subtask add(CurrentUser user, TaskId taskId, Draft draft) {
        taskService.get(user, taskId);
        Task task = lockEditable(taskId);
        List<Subtask> all = subtasks.findByTask(taskId);
        if (all.size() >= PlanValidator.MAX_SUBTASKS) {
            throw DomainException.invalid("a plan has at most " + PlanValidator.MAX_SUBTASKS + " subtasks");
        }
        String title = required("title", draft.title()).strip();
        String spec = required("spec", draft.spec());
        String plan = Objects.requireNonNullElse(draft.implementationPlan(), "");
        List<SubtaskId> dependsOn = dependencies(all, null, draft.dependsOn());
        Instant now = Timestamps.now();
        boolean ready = dependsOn.isEmpty();
        Subtask subtask = new Subtask(
                new SubtaskId(UUID.randomUUID()),
                taskId,
                freshKey(all),
                title,
                spec,
                plan,
                ready ? SubtaskStatus.READY : SubtaskStatus.BLOCKED,
                ready ? null : BlockedReason.DEPENDENCY,
                List.of(),
                null,
                null,
                null,
                0,
                0,
                all.size(),
                0,
                now,
                now,
                null,
                List.of(),
                null,
                null);
        subtasks.insert(subtask);
        dependsOn.forEach(dep -> subtasks.insertDependency(subtask.id(), dep));
        // nothing depended on the new subtask, so no other subtask's status changes
        Subtask added = subtasks.find(subtask.id()).orElseThrow();
        events.publishEvent(new SubtaskCreated(task.projectId(), response(added)));
        return added;
    }

    /**
     * Changes the fields {@code changes} gives; new dependencies settle it READY or
     * BLOCKED/DEPENDENCY ({@code subtask:status_changed}), then {@link SubtaskUpdated} carries it.
     *
     * @throws DomainException INVALID_REQUEST for a blank title or spec, a dependency outside the
     *     task, or a cycle; CONFLICT when the plan does not await approval
     */
    @Transactional
    public Subtask update(CurrentUser user, SubtaskId id, Draft changes) {
        Subtask unlocked = get(user, id);
        Task task = lockEditable(unlocked.taskId());
        List<Subtask> all = subtasks.findByTask(task.id());
        Subtask subtask = all.stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> DomainException.notFound("subtask"));
        String title = changes.title() == null
                ? subtask.title()
                : required("title", changes.title()).strip();
        String spec = changes.spec() == null ? subtask.spec() : required("spec", changes.spec());
        String plan = Objects.requireNonNullElse(changes.implementationPlan(), subtask.implementationPlan());
        if (!title.equals(subtask.title())
                || !spec.equals(subtask.spec())
                || !plan.equals(subtask.implementationPlan())) {
            subtasks.updatePlanText(subtask.withPlanText(title, spec, plan, Timestamps.now()));
        }
        if (changes.dependsOn() != null) {
            List<SubtaskId> dependsOn = dependencies(all, subtask, changes.dependsOn());
            if (!dependsOn.equals(subtask.dependsOn())) {
                subtasks.replaceDependencies(id, dependsOn);
                settle(task);
            }
        }
        Subtask updated = subtasks.find(id).orElseThrow();
        if (!updated.equals(subtask)) {
            events.publishEvent(new SubtaskUpdated(task.projectId(), response(updated)));
        }
        return updated;
    }

    /**
     * Removes the subtask; its dependents no longer depend on it and may become READY. Announced by
     * {@link SubtaskDeleted}, then a {@link SubtaskUpdated} for each dependent.
     *
     * @throws DomainException CONFLICT when the plan does not await approval, or for its last subtask
     */
    @Transactional
    public void remove(CurrentUser user, SubtaskId id) {
        Subtask unlocked = get(user, id);
        Task task = lockEditable(unlocked.taskId());
        List<Subtask> all = subtasks.findByTask(task.id());
        Subtask subtask = all.stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> DomainException.notFound("subtask"));
        if (all.size() == 1) {
            throw DomainException.conflict("a plan needs at least one subtask; this is its last one");
        }
        subtasks.delete(subtask);
        Instant now = Timestamps.now();
        events.publishEvent(new SubtaskDeleted(task.projectId(), task.id(), id, now));
        settle(task);
        for (Subtask dependent : all) {
            if (dependent.dependsOn().contains(id)) {
                Subtask after = subtasks.find(dependent.id()).orElseThrow();
                events.publishEvent(new SubtaskUpdated(task.projectId(), response(after)));
            }
        }
    }

    private Subtask get(CurrentUser user, SubtaskId id) {
        return subtasks.find(id)
                .filter(s -> taskService.isOwnedBy(user, s.taskId()))
                .orElseThrow(() -> DomainException.notFound("subtask"));
    }

    /**
     * Locks the task and checks its plan may be edited: imported (ACTIVE) and awaiting approval. None
     * of its subtasks has started then, since starting waits for the approval.
     */
    private Task lockEditable(TaskId id) {
        Task task = tasks.lock(id);
        if (!task.requirePlanApproval()) {
            throw DomainException.conflict(
                    "the task's plan can be edited only while it awaits approval; this task does not require approval");
        }
        if (task.planApprovedAt() != null) {
            throw DomainException.conflict("the task's plan is already approved and can no longer be edited");
        }
        if (task.status() != TaskStatus.ACTIVE) {
            throw DomainException.conflict(
                    "the task has no plan to edit yet (it is " + task.status() + "); wait for its plan");
        }
        return task;
    }

    /**
     * The dependencies a draft asks for, checked: each a subtask of the same task, not the subtask
     * itself, and no cycle through {@code self}. Duplicates count once; order follows the board.
     */
    private static List<SubtaskId> dependencies(List<Subtask> all, @Nullable Subtask self, @Nullable List<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        Map<SubtaskId, Subtask> byId = all.stream().collect(Collectors.toMap(Subtask::id, Function.identity()));
        Set<SubtaskId> asked = new LinkedHashSet<>();
        for (UUID raw : ids) {
            if (raw == null) {
                throw DomainException.invalid("depends_on: must not contain null");
            }
            SubtaskId dep = new SubtaskId(raw);
            if (!byId.containsKey(dep)) {
                throw DomainException.invalid("depends_on: " + raw + " is not a subtask of this task");
            }
            if (self != null && dep.equals(self.id())) {
                throw DomainException.invalid("depends_on: subtask " + self.key() + " cannot depend on itself");
            }
            asked.add(dep);
        }
        List<SubtaskId> ordered =
                all.stream().map(Subtask::id).filter(asked::contains).toList();
        if (self != null) {
            Map<SubtaskId, List<SubtaskId>> graph = new LinkedHashMap<>();
            all.forEach(s -> graph.put(s.id(), s.id().equals(self.id()) ? ordered : s.dependsOn()));
            DependencyGraph.of(graph).findCycle().ifPresent(cycle -> {
                throw DomainException.invalid("depends_on: dependency cycle "
                        + cycle.stream().map(n -> byId.get(n).key()).collect(Collectors.joining(" -> ")));
            });
        }
        return ordered;
    }

    /** Moves each subtask to READY or BLOCKED/DEPENDENCY as its dependencies now say. */
    private void settle(Task task) {
        List<Subtask> all = subtasks.findByTask(task.id());
        Map<SubtaskId, List<SubtaskId>> dependsOn = new LinkedHashMap<>();
        all.forEach(s -> dependsOn.put(s.id(), s.dependsOn()));
        DependencyGraph<SubtaskId> graph = DependencyGraph.of(dependsOn);
        Set<SubtaskId> merged = all.stream()
                .filter(s -> s.status() == SubtaskStatus.MERGED)
                .map(Subtask::id)
                .collect(Collectors.toSet());
        for (Subtask s : all) {
            SubtaskPhase should = graph.isReady(s.id(), merged) ? SubtaskPhase.READY : SubtaskPhase.BLOCKED_DEPENDENCY;
            boolean waiting = s.phase() == SubtaskPhase.READY || s.phase() == SubtaskPhase.BLOCKED_DEPENDENCY;
            if (waiting && s.phase() != should) {
                transitions.move(task.projectId(), s, should);
            }
        }
    }

    /** The first free key s1, s2, ... of the task: keys name branches, so they stay short and unique. */
    private static String freshKey(List<Subtask> all) {
        Set<String> used = all.stream().map(Subtask::key).collect(Collectors.toSet());
        int n = all.size() + 1;
        while (used.contains("s" + n)) {
            n++;
        }
        return "s" + n;
    }

    private static String required(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid(field + ": is required");
        }
        return value;
    }

    /** The subtask as the REST API answers it; a subtask of an unapproved plan has no run, follow-up or checks. */
    private static SubtaskResponse response(Subtask s) {
        return SubtaskResponse.of(s, FollowUpState.NONE, null, List.of());
    }
}
