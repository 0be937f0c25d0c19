package dev.internvillage.task;

import dev.internvillage.common.IllegalTransition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One unit of a planned task, worked on by a worker agent in its own branch. */
public record Subtask(
        SubtaskId id,
        TaskId taskId,
        String key,
        String title,
        String spec,
        String implementationPlan,
        SubtaskStatus status,
        @Nullable BlockedReason blockedReason,
        List<SubtaskId> dependsOn,
        @Nullable String branchName,
        @Nullable String prUrl,
        @Nullable Integer prNumber,
        int retryCount,
        long tokenUsage,
        int position,
        long version,
        Instant createdAt,
        Instant updatedAt,
        @Nullable MergeState mergeState,
        List<String> conflictFiles,
        @Nullable Instant approvedAt,
        @Nullable BigDecimal costUsd) {

    public SubtaskPhase phase() {
        return SubtaskPhase.of(status, blockedReason);
    }

    /**
     * This subtask in phase {@code next}.
     *
     * @throws IllegalTransition if the transition table does not allow the move
     */
    Subtask transitionTo(SubtaskPhase next, Instant at) {
        SubtaskPhase from = phase();
        if (!SubtaskPhase.allowed(from, next)) {
            throw new IllegalTransition("subtask " + key, from, next);
        }
        return new Subtask(
                id,
                taskId,
                key,
                title,
                spec,
                implementationPlan,
                next.status(),
                next.reason(),
                dependsOn,
                branchName,
                prUrl,
                prNumber,
                retryCount,
                tokenUsage,
                position,
                version,
                createdAt,
                at,
                // a merge state describes one completed branch; a move always starts without one
                null,
                List.of(),
                // so does an approval: it is of one completed piece of work
                null,
                costUsd);
    }

    Subtask withPullRequest(String branch, String url, int number) {
        return new Subtask(
                id,
                taskId,
                key,
                title,
                spec,
                implementationPlan,
                status,
                blockedReason,
                dependsOn,
                branch,
                url,
                number,
                retryCount,
                tokenUsage,
                position,
                version,
                createdAt,
                updatedAt,
                mergeState,
                conflictFiles,
                approvedAt,
                costUsd);
    }

    Subtask withRetryCount(int count) {
        return new Subtask(
                id,
                taskId,
                key,
                title,
                spec,
                implementationPlan,
                status,
                blockedReason,
                dependsOn,
                branchName,
                prUrl,
                prNumber,
                count,
                tokenUsage,
                position,
                version,
                createdAt,
                updatedAt,
                mergeState,
                conflictFiles,
                approvedAt,
                costUsd);
    }

    Subtask withBranchName(String branch) {
        return new Subtask(
                id,
                taskId,
                key,
                title,
                spec,
                implementationPlan,
                status,
                blockedReason,
                dependsOn,
                branch,
                prUrl,
                prNumber,
                retryCount,
                tokenUsage,
                position,
                version,
                createdAt,
                updatedAt,
                mergeState,
                conflictFiles,
                approvedAt,
                costUsd);
    }

    Subtask withApproval(Instant at) {
        return new Subtask(
                id,
                taskId,
                key,
                title,
                spec,
                implementationPlan,
                status,
                blockedReason,
                dependsOn,
                branchName,
                prUrl,
                prNumber,
                retryCount,
                tokenUsage,
                position,
                version,
                createdAt,
                updatedAt,
                mergeState,
                conflictFiles,
                at,
                costUsd);
    }

    Subtask withPlanText(String newTitle, String newSpec, String newPlan, Instant at) {
        return new Subtask(
                id,
                taskId,
                key,
                newTitle,
                newSpec,
                newPlan,
                status,
                blockedReason,
                dependsOn,
                branchName,
                prUrl,
                prNumber,
                retryCount,
                tokenUsage,
                position,
                version,
                createdAt,
                at,
                mergeState,
                conflictFiles,
                approvedAt,
                costUsd);
    }
}
