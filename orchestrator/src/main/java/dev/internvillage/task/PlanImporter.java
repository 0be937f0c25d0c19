package dev.internvillage.task;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.task.PlanDocument.PlannedSubtask;
import dev.internvillage.task.graph.DependencyGraph;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a planner's plan into a board: validates it (docs/agents.md) and imports it in one transaction,
 * so an invalid plan, or a failure half-way, leaves the task exactly as it was.
 */
@Service
public class PlanImporter {

    private final TaskRepository tasks;
    private final SubtaskRepository subtasks;
    private final Transitions transitions;
    private final JsonMapper json;

    PlanImporter(TaskRepository tasks, SubtaskRepository subtasks, Transitions transitions, JsonMapper json) {
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.transitions = transitions;
        this.json = json;
    }

    /**
     * Reads a plan file's text (snake_case JSON as the planner writes it).
     *
     * @throws PlanValidationException if it is not a JSON plan
     */
    public PlanDocument parse(String text) {
        try {
            PlanDocument plan = json.readValue(text, PlanDocument.class);
            if (plan == null) {
                throw new PlanValidationException(List.of("plan: the file is empty or null"));
            }
            return plan;
        } catch (JacksonException e) {
            throw new PlanValidationException(
                    List.of("plan: not a valid plan JSON document: " + e.getOriginalMessage()));
        }
    }

    /**
     * Checks a parsed plan without importing it.
     *
     * @throws PlanValidationException listing every problem
     */
    public void validate(PlanDocument plan) {
        PlanValidator.validate(plan);
    }

    /**
     * Validates the plan and imports it: subtasks in plan order, their dependencies, each subtask READY
     * or BLOCKED/DEPENDENCY, the plan's spec on the task, and the task PLANNING → ACTIVE.
     *
     * @return the imported subtasks in board order
     * @throws PlanValidationException if the plan is invalid (nothing is changed)
     * @throws DomainException if the task is not PLANNING or already has subtasks
     */
    @Transactional
    public List<Subtask> importPlan(TaskId taskId, PlanDocument plan) {
        PlanValidator.validate(plan);
        Task task = tasks.lock(taskId);
        if (task.status() != TaskStatus.PLANNING) {
            throw DomainException.conflict(
                    "task " + taskId + " is " + task.status() + ", not PLANNING; plan not imported");
        }
        if (subtasks.countByTask(taskId) > 0) {
            throw DomainException.conflict("task " + taskId + " already has subtasks; plan not imported");
        }
        List<PlannedSubtask> planned =
                plan.subtasks().stream().map(Objects::requireNonNull).toList();
        Map<String, Subtask> byKey = insertSubtasks(taskId, planned);
        Map<SubtaskId, List<SubtaskId>> dependsOn = new LinkedHashMap<>();
        for (PlannedSubtask p : planned) {
            Subtask subtask = byKey.get(p.key());
            List<SubtaskId> deps =
                    dependencyKeys(p).stream().map(k -> byKey.get(k).id()).toList();
            deps.forEach(dep -> subtasks.insertDependency(subtask.id(), dep));
            dependsOn.put(subtask.id(), deps);
        }
        Map<SubtaskId, Subtask> inserted = new LinkedHashMap<>();
        byKey.values().forEach(s -> inserted.put(s.id(), s));
        DependencyGraph<SubtaskId> graph = DependencyGraph.of(dependsOn);
        for (SubtaskId id : graph.topologicalOrder()) {
            // the row as inserted (PENDING, version 0): nothing else can have changed it under the task lock
            Subtask pending = inserted.get(id);
            SubtaskPhase next =
                    graph.dependenciesOf(id).isEmpty() ? SubtaskPhase.READY : SubtaskPhase.BLOCKED_DEPENDENCY;
            transitions.move(task.projectId(), pending, next);
        }
        transitions.move(task, TaskStatus.ACTIVE, t -> t.withSpec(plan.spec()).withErrorMessage(null));
        return subtasks.findByTask(taskId);
    }

    private Map<String, Subtask> insertSubtasks(TaskId taskId, List<PlannedSubtask> planned) {
        Map<String, Subtask> byKey = new LinkedHashMap<>();
        Instant now = Timestamps.now();
        int position = 0;
        for (PlannedSubtask p : planned) {
            Subtask subtask = new Subtask(
                    new SubtaskId(UUID.randomUUID()),
                    taskId,
                    Objects.requireNonNull(p.key()),
                    Objects.requireNonNull(p.title()).strip(),
                    Objects.requireNonNull(p.spec()),
                    Objects.requireNonNullElse(p.implementationPlan(), ""),
                    SubtaskStatus.PENDING,
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    0,
                    0,
                    position++,
                    0,
                    now,
                    now,
                    null,
                    List.of(),
                    null,
                    null);
            subtasks.insert(subtask);
            byKey.put(subtask.key(), subtask);
        }
        return byKey;
    }

    private static List<String> dependencyKeys(PlannedSubtask p) {
        List<@Nullable String> deps = Objects.requireNonNullElse(p.dependsOn(), List.of());
        return deps.stream().map(Objects::requireNonNull).distinct().toList();
    }
}
