package dev.internvillage.testing;

import dev.internvillage.task.PlanDocument;
import dev.internvillage.task.PlanDocument.PlannedSubtask;
import java.util.ArrayList;
import java.util.List;

/** Builds plan documents for tests: {@code Plans.plan().subtask("s1").subtask("s2", "s1").build()}. */
public final class Plans {

    private final List<PlannedSubtask> subtasks = new ArrayList<>();

    private Plans() {}

    public static Plans plan() {
        return new Plans();
    }

    public Plans subtask(String key, String... dependsOn) {
        subtasks.add(new PlannedSubtask(key, "Subtask " + key, "Spec of " + key, "1. do " + key, List.of(dependsOn)));
        return this;
    }

    public PlanDocument build() {
        return new PlanDocument("Overall spec", List.copyOf(subtasks));
    }

    /** A diamond: s1 → (s2, s3) → s4. */
    public static PlanDocument diamond() {
        return plan().subtask("s1")
                .subtask("s2", "s1")
                .subtask("s3", "s1")
                .subtask("s4", "s2", "s3")
                .build();
    }
}
