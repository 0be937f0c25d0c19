package dev.internvillage.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.internvillage.task.PlanDocument.PlannedSubtask;
import dev.internvillage.testing.Plans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanValidatorTests {

    private static List<String> problems(PlanDocument plan) {
        PlanValidationException e =
                catchThrowableOfType(PlanValidationException.class, () -> PlanValidator.validate(plan));
        assertThat(e).as("plan should be invalid").isNotNull();
        return e.problems();
    }

    private static PlannedSubtask subtask(String key, String title, String spec, String... deps) {
        return new PlannedSubtask(key, title, spec, "plan", Arrays.asList(deps));
    }

    @Test
    void aValidPlanPasses() {
        assertThatCode(() -> PlanValidator.validate(Plans.diamond())).doesNotThrowAnyException();
    }

    @Test
    void needsAtLeastOneSubtask() {
        assertThat(problems(new PlanDocument("spec", List.of())))
                .containsExactly("subtasks: at least 1 subtask is required");
        assertThat(problems(new PlanDocument("spec", null)))
                .containsExactly("subtasks: at least 1 subtask is required");
    }

    @Test
    void allowsAtMostThirtySubtasks() {
        Plans plans = Plans.plan();
        for (int i = 1; i <= 31; i++) {
            plans.subtask("s" + i);
        }
        assertThat(problems(plans.build()))
                .containsExactly("subtasks: at most 30 subtasks are allowed, the plan has 31");
    }

    @Test
    void reportsEveryFieldProblemWithItsPlace() {
        List<PlannedSubtask> subtasks = new ArrayList<>();
        subtasks.add(subtask("s1", "", "spec"));
        subtasks.add(subtask("bad key!", "t", "spec"));
        subtasks.add(subtask("s1", "x".repeat(201), " "));
        subtasks.add(null);

        assertThat(problems(new PlanDocument(null, subtasks)))
                .containsExactly(
                        "spec: is required",
                        "subtasks[0] (s1).title: is required",
                        "subtasks[1].key: must be 1 to 32 letters, digits, '-' or '_'",
                        "subtasks[2].key: 's1' is used by an earlier subtask",
                        "subtasks[2] (s1).title: must be at most 200 characters, is 201",
                        "subtasks[2] (s1).spec: is required",
                        "subtasks[3]: must be an object");
    }

    @Test
    void reportsUnknownDependencies() {
        PlanDocument plan =
                new PlanDocument("spec", List.of(subtask("s1", "t", "s"), subtask("s2", "t", "s", "s1", "s9")));

        assertThat(problems(plan))
                .containsExactly("subtasks[1] (s2).depends_on: 's9' is not the key of a subtask in this plan");
    }

    @Test
    void reportsACycleAsAPath() {
        PlanDocument plan = Plans.plan()
                .subtask("s1", "s3")
                .subtask("s2", "s1")
                .subtask("s3", "s2")
                .build();

        assertThat(problems(plan)).containsExactly("depends_on: dependency cycle s1 -> s3 -> s2 -> s1");
    }

    @Test
    void reportsASelfDependencyAsACycle() {
        assertThat(problems(Plans.plan().subtask("s1", "s1").build()))
                .containsExactly("depends_on: dependency cycle s1 -> s1");
    }

    @Test
    void findsACycleBesideOtherProblems() {
        PlanDocument plan =
                new PlanDocument("spec", List.of(subtask("s1", "t", "s", "s2"), subtask("s2", "t", "s", "s1", "nope")));

        assertThat(problems(plan))
                .containsExactly(
                        "subtasks[1] (s2).depends_on: 'nope' is not the key of a subtask in this plan",
                        "depends_on: dependency cycle s1 -> s2 -> s1");
    }

    @Test
    void limitsLongTexts() {
        PlanDocument plan = new PlanDocument(
                "x".repeat(50_001),
                List.of(new PlannedSubtask("s1", "t", "y".repeat(20_001), "z".repeat(20_001), List.of())));

        assertThat(problems(plan))
                .containsExactly(
                        "spec: must be at most 50000 characters, is 50001",
                        "subtasks[0] (s1).spec: must be at most 20000 characters, is 20001",
                        "subtasks[0] (s1).implementation_plan: must be at most 20000 characters, is 20001");
    }
}
