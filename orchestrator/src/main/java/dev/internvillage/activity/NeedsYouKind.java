package dev.internvillage.activity;

/** Why something is in the needs-you inbox (docs/api.md, needs you). */
public enum NeedsYouKind {
    /** The planner ran out of attempts. */
    PLANNING_FAILED,
    /** The task's plan is written and waits for the user's approval before work starts. */
    PLAN_AWAITING_APPROVAL,
    /** A worker ran out of attempts. */
    FAILED,
    /** Automatic follow-ups (review feedback, failing checks, conflicts) reached the project's limit. */
    FOLLOW_UP_LIMIT,
    /** The pull request was closed on the forge without being merged. */
    PR_CLOSED,
    /** Completed, but its branch conflicts with the default branch, and no autopilot resolves it. */
    CONFLICT,
    /** Completed in a project that requires the user's approval before a merge. */
    AWAITING_APPROVAL,
    /** The task's runs used up its budget: its agents stopped until the budget is raised. */
    BUDGET_REACHED
}
