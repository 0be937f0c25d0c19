package dev.internvillage.task;

import static dev.internvillage.task.SubtaskPhase.BLOCKED_DEPENDENCY;
import static dev.internvillage.task.SubtaskPhase.BLOCKED_FAILURE;
import static dev.internvillage.task.SubtaskPhase.BLOCKED_FOLLOW_UP_LIMIT;
import static dev.internvillage.task.SubtaskPhase.BLOCKED_PR_CLOSED;
import static dev.internvillage.task.SubtaskPhase.COMPLETED;
import static dev.internvillage.task.SubtaskPhase.IN_PROGRESS;
import static dev.internvillage.task.SubtaskPhase.MERGED;
import static dev.internvillage.task.SubtaskPhase.PENDING;
import static dev.internvillage.task.SubtaskPhase.READY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.internvillage.common.IllegalTransition;
import dev.internvillage.project.ProjectId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of states, legal or not, for both state machines (docs/api.md, state machines). */
class TransitionTableTests {

    private static final Set<List<TaskStatus>> LEGAL_TASK_MOVES = Set.of(
            List.of(TaskStatus.PLANNING, TaskStatus.ACTIVE),
            List.of(TaskStatus.PLANNING, TaskStatus.PLANNING_FAILED),
            List.of(TaskStatus.PLANNING_FAILED, TaskStatus.PLANNING),
            List.of(TaskStatus.ACTIVE, TaskStatus.DONE));

    private static final Set<List<SubtaskPhase>> LEGAL_SUBTASK_MOVES = Set.of(
            List.of(PENDING, READY),
            List.of(PENDING, BLOCKED_DEPENDENCY),
            List.of(READY, IN_PROGRESS),
            List.of(IN_PROGRESS, COMPLETED),
            List.of(IN_PROGRESS, BLOCKED_FAILURE),
            List.of(BLOCKED_FAILURE, IN_PROGRESS),
            List.of(BLOCKED_DEPENDENCY, READY),
            // a plan under review gains a dependency
            List.of(READY, BLOCKED_DEPENDENCY),
            List.of(COMPLETED, MERGED),
            // follow-ups: review feedback or a conflict sends completed work back; automatic ones are capped
            List.of(COMPLETED, IN_PROGRESS),
            List.of(COMPLETED, BLOCKED_FOLLOW_UP_LIMIT),
            List.of(IN_PROGRESS, BLOCKED_FOLLOW_UP_LIMIT),
            List.of(BLOCKED_FOLLOW_UP_LIMIT, IN_PROGRESS),
            // a pull request closed on the forge without merging waits for the user's retry
            List.of(COMPLETED, BLOCKED_PR_CLOSED),
            List.of(BLOCKED_PR_CLOSED, IN_PROGRESS));

    static Stream<Arguments> taskPairs() {
        return Stream.of(TaskStatus.values())
                .flatMap(from -> Stream.of(TaskStatus.values()).map(to -> Arguments.of(from, to)));
    }

    static Stream<Arguments> subtaskPairs() {
        return Stream.of(SubtaskPhase.values())
                .flatMap(from -> Stream.of(SubtaskPhase.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "task {0} -> {1}")
    @MethodSource("taskPairs")
    void taskMovesFollowTheTable(TaskStatus from, TaskStatus to) {
        Task task = task(from);
        if (LEGAL_TASK_MOVES.contains(List.of(from, to))) {
            assertThat(task.transitionTo(to, Instant.EPOCH).status()).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> task.transitionTo(to, Instant.EPOCH))
                    .isInstanceOf(IllegalTransition.class)
                    .hasMessage("task cannot move from " + from + " to " + to);
        }
    }

    @ParameterizedTest(name = "subtask {0} -> {1}")
    @MethodSource("subtaskPairs")
    void subtaskMovesFollowTheTable(SubtaskPhase from, SubtaskPhase to) {
        Subtask subtask = subtask(from);
        if (LEGAL_SUBTASK_MOVES.contains(List.of(from, to))) {
            Subtask moved = subtask.transitionTo(to, Instant.EPOCH);
            assertThat(moved.phase()).isEqualTo(to);
            assertThat(moved.status()).isEqualTo(to.status());
            assertThat(moved.blockedReason()).isEqualTo(to.reason());
        } else {
            assertThatThrownBy(() -> subtask.transitionTo(to, Instant.EPOCH))
                    .isInstanceOf(IllegalTransition.class)
                    .hasMessage("subtask s1 cannot move from " + from + " to " + to);
        }
    }

    @ParameterizedTest(name = "phase {0} round-trips through status and reason")
    @MethodSource("phases")
    void phasesMapToStatusAndReason(SubtaskPhase phase) {
        assertThat(SubtaskPhase.of(phase.status(), phase.reason())).isEqualTo(phase);
    }

    static Stream<SubtaskPhase> phases() {
        return Stream.of(SubtaskPhase.values());
    }

    private static Task task(TaskStatus status) {
        return new Task(
                new TaskId(UUID.randomUUID()),
                new ProjectId(UUID.randomUUID()),
                "t",
                "d",
                status,
                null,
                null,
                false,
                false,
                null,
                0,
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                null,
                false);
    }

    private static Subtask subtask(SubtaskPhase phase) {
        return new Subtask(
                new SubtaskId(UUID.randomUUID()),
                new TaskId(UUID.randomUUID()),
                "s1",
                "title",
                "spec",
                "plan",
                phase.status(),
                phase.reason(),
                List.of(),
                null,
                null,
                null,
                0,
                0,
                0,
                0,
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                List.of(),
                null,
                null);
    }
}
