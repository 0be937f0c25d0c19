package dev.internvillage.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.project.ProjectId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** When a task's runs have used up its budget: either limit, reached exactly or passed; an unknown cost is not spent. */
class TaskBudgetTests {

    private static Task budget(@Nullable String usd, @Nullable Long tokens) {
        return new Task(
                new TaskId(UUID.randomUUID()),
                new ProjectId(UUID.randomUUID()),
                "t",
                "d",
                TaskStatus.ACTIVE,
                null,
                null,
                false,
                false,
                null,
                0,
                Instant.EPOCH,
                Instant.EPOCH,
                usd == null ? null : new BigDecimal(usd),
                tokens,
                false);
    }

    private static TaskUsage used(@Nullable String usd, long tokens) {
        return new TaskUsage(usd == null ? null : new BigDecimal(usd), tokens);
    }

    @Test
    void aMoneyBudgetIsReachedAtItsAmount() {
        Task task = budget("0.50", null);
        assertThat(task.exhaustedBy(used("0.4999", 1_000_000))).isFalse();
        assertThat(task.exhaustedBy(used("0.500000", 0))).isTrue();
        assertThat(task.exhaustedBy(used("0.51", 0))).isTrue();
        // runs whose cost nobody knows spend nothing that could be counted
        assertThat(task.exhaustedBy(used(null, 1_000_000))).isFalse();
    }

    @Test
    void aTokenBudgetIsReachedAtItsCountAndEitherLimitStops() {
        Task tokens = budget(null, 1000L);
        assertThat(tokens.exhaustedBy(used("99", 999))).isFalse();
        assertThat(tokens.exhaustedBy(used(null, 1000))).isTrue();
        Task both = budget("1", 1000L);
        assertThat(both.exhaustedBy(used("1.5", 10))).isTrue();
        assertThat(both.exhaustedBy(used("0.1", 5000))).isTrue();
        assertThat(budget(null, null).exhaustedBy(used("1000", Long.MAX_VALUE))).isFalse();
    }
}
