package dev.internvillage.task;

import dev.internvillage.common.IllegalTransition;
import dev.internvillage.project.ProjectId;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A piece of work a user describes; the planner breaks it into subtasks. On {@code autopilot} its
 * ready subtasks start by themselves and their finished, checked work is merged by the app. With
 * {@code requirePlanApproval} its plan waits for the user's approval ({@code planApprovedAt}) before
 * any of its subtasks may start, and stays editable until then. Its budget ({@code budgetUsd},
 * {@code budgetTokens}; null: no limit of that kind) stops its agents once its runs have cost that
 * much: {@code budgetReached} until the budget is raised.
 */
public record Task(
        TaskId id,
        ProjectId projectId,
        String title,
        String description,
        TaskStatus status,
        @Nullable String spec,
        @Nullable String errorMessage,
        boolean autopilot,
        boolean requirePlanApproval,
        @Nullable Instant planApprovedAt,
        long version,
        Instant createdAt,
        Instant updatedAt,
        @Nullable BigDecimal budgetUsd,
        @Nullable Long budgetTokens,
        boolean budgetReached) {

    /** Whether work on the task waits for the user to approve its plan (planned or still planning). */
    public boolean awaitsPlanApproval() {
        return requirePlanApproval && planApprovedAt == null;
    }

    /**
     * This task in status {@code next}.
     *
     * @throws IllegalTransition if the transition table does not allow the move
     */
    Task transitionTo(TaskStatus next, Instant at) {
        if (!TaskStatus.allowed(status, next)) {
            throw new IllegalTransition("task", status, next);
        }
        return new Task(
                id,
                projectId,
                title,
                description,
                next,
                spec,
                errorMessage,
                autopilot,
                requirePlanApproval,
                planApprovedAt,
                version,
                createdAt,
                at,
                budgetUsd,
                budgetTokens,
                budgetReached);
    }

    Task withSpec(@Nullable String newSpec) {
        return new Task(
                id,
                projectId,
                title,
                description,
                status,
                newSpec,
                errorMessage,
                autopilot,
                requirePlanApproval,
                planApprovedAt,
                version,
                createdAt,
                updatedAt,
                budgetUsd,
                budgetTokens,
                budgetReached);
    }

    Task withErrorMessage(@Nullable String message) {
        return new Task(
                id,
                projectId,
                title,
                description,
                status,
                spec,
                message,
                autopilot,
                requirePlanApproval,
                planApprovedAt,
                version,
                createdAt,
                updatedAt,
                budgetUsd,
                budgetTokens,
                budgetReached);
    }

    Task withAutopilot(boolean on, Instant at) {
        return new Task(
                id,
                projectId,
                title,
                description,
                status,
                spec,
                errorMessage,
                on,
                requirePlanApproval,
                planApprovedAt,
                version,
                createdAt,
                at,
                budgetUsd,
                budgetTokens,
                budgetReached);
    }

    Task withRequirePlanApproval(boolean required, Instant at) {
        return new Task(
                id,
                projectId,
                title,
                description,
                status,
                spec,
                errorMessage,
                autopilot,
                required,
                planApprovedAt,
                version,
                createdAt,
                at,
                budgetUsd,
                budgetTokens,
                budgetReached);
    }

    Task withPlanApproved(Instant at) {
        return new Task(
                id,
                projectId,
                title,
                description,
                status,
                spec,
                errorMessage,
                autopilot,
                requirePlanApproval,
                at,
                version,
                createdAt,
                at,
                budgetUsd,
                budgetTokens,
                budgetReached);
    }

    Task withBudget(@Nullable BigDecimal usd, @Nullable Long tokens, boolean reached, Instant at) {
        return new Task(
                id,
                projectId,
                title,
                description,
                status,
                spec,
                errorMessage,
                autopilot,
                requirePlanApproval,
                planApprovedAt,
                version,
                createdAt,
                at,
                usd,
                tokens,
                reached);
    }

    /** Whether runs that cost {@code usage} use up this task's budget. */
    public boolean exhaustedBy(TaskUsage usage) {
        boolean money =
                budgetUsd != null && usage.costUsd() != null && usage.costUsd().compareTo(budgetUsd) >= 0;
        boolean tokens = budgetTokens != null && usage.tokens() >= budgetTokens;
        return money || tokens;
    }
}
