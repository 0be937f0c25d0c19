package dev.internvillage.task;

import dev.internvillage.task.PlanDocument.PlannedSubtask;
import dev.internvillage.task.graph.DependencyGraph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks a plan against docs/agents.md and collects every problem, so one retry can fix them all. */
final class PlanValidator {

    static final int MAX_SUBTASKS = 30;
    static final int MAX_SPEC = 50_000;
    static final int MAX_TITLE = 200;
    static final int MAX_SUBTASK_SPEC = 20_000;
    static final int MAX_PLAN = 20_000;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private PlanValidator() {}

    /**
     * @throws PlanValidationException listing every problem, if there is any
     */
    static void validate(PlanDocument plan) {
        List<String> problems = new ArrayList<>();
        checkText(problems, "spec", plan.spec(), MAX_SPEC, true);
        List<@Nullable PlannedSubtask> subtasks = plan.subtasks();
        if (subtasks == null || subtasks.isEmpty()) {
            problems.add("subtasks: at least 1 subtask is required");
            throw new PlanValidationException(problems);
        }
        if (subtasks.size() > MAX_SUBTASKS) {
            problems.add(
                    "subtasks: at most " + MAX_SUBTASKS + " subtasks are allowed, the plan has " + subtasks.size());
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < subtasks.size(); i++) {
            PlannedSubtask subtask = subtasks.get(i);
            String where = "subtasks[" + i + "]";
            if (subtask == null) {
                problems.add(where + ": must be an object");
                continue;
            }
            String key = subtask.key();
            if (key == null || !KEY.matcher(key).matches()) {
                problems.add(where + ".key: must be 1 to 32 letters, digits, '-' or '_'");
            } else if (!keys.add(key)) {
                problems.add(where + ".key: '" + key + "' is used by an earlier subtask");
            }
            String named = key == null ? where : where + " (" + key + ")";
            checkText(problems, named + ".title", subtask.title(), MAX_TITLE, true);
            checkText(problems, named + ".spec", subtask.spec(), MAX_SUBTASK_SPEC, true);
            checkText(problems, named + ".implementation_plan", subtask.implementationPlan(), MAX_PLAN, false);
        }
        checkDependencies(problems, subtasks, keys);
        if (!problems.isEmpty()) {
            throw new PlanValidationException(problems);
        }
    }

    private static void checkDependencies(
            List<String> problems, List<@Nullable PlannedSubtask> subtasks, Set<String> keys) {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        for (int i = 0; i < subtasks.size(); i++) {
            PlannedSubtask subtask = subtasks.get(i);
            if (subtask == null
                    || subtask.key() == null
                    || !KEY.matcher(subtask.key()).matches()) {
                continue;
            }
            Set<String> deps = new LinkedHashSet<>();
            for (String dep : Objects.requireNonNullElse(subtask.dependsOn(), List.<@Nullable String>of())) {
                String where = "subtasks[" + i + "] (" + subtask.key() + ").depends_on";
                if (dep == null || !keys.contains(dep)) {
                    problems.add(where + ": '" + dep + "' is not the key of a subtask in this plan");
                } else {
                    deps.add(dep);
                }
            }
            graph.putIfAbsent(subtask.key(), deps);
        }
        // only known keys made it into the graph, so a cycle is found even beside other problems
        DependencyGraph.of(graph)
                .findCycle()
                .ifPresent(cycle -> problems.add("depends_on: dependency cycle " + String.join(" -> ", cycle)));
    }

    private static void checkText(
            List<String> problems, String field, @Nullable String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(field + ": is required");
            }
        } else if (value.length() > max) {
            problems.add(field + ": must be at most " + max + " characters, is " + value.length());
        }
    }
}
