package dev.internvillage.task;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The planner's output (docs/agents.md): an overall spec and the subtasks with their dependencies by
 * key. Fields are nullable because this is what a file said, before validation.
 */
public record PlanDocument(@Nullable String spec, @Nullable List<@Nullable PlannedSubtask> subtasks) {

    /** One subtask as planned. */
    public record PlannedSubtask(
            @Nullable String key,
            @Nullable String title,
            @Nullable String spec,
            @Nullable String implementationPlan,
            @Nullable List<@Nullable String> dependsOn) {}
}
