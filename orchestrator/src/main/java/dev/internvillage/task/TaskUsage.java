package dev.internvillage.task;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * What a task's runs (planner and workers) have cost so far: the sum of their known costs (null while
 * none is known) and of their tokens.
 */
public record TaskUsage(@Nullable BigDecimal costUsd, long tokens) {
    public static final TaskUsage NONE = new TaskUsage(null, 0);
}
