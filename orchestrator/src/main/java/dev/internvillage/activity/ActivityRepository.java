package dev.internvillage.activity;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.RunStatus;
import dev.internvillage.auth.UserId;
import dev.internvillage.common.Timestamps;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.TaskService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One query each for the activity view and the inbox, over every project the user owns. */
@Repository
class ActivityRepository {

    private final JdbcClient jdbc;

    ActivityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ActivityRun> activeRuns(UserId owner) {
        return jdbc.sql("""
                        SELECT r.id, r.project_id, p.name AS project_name, r.task_id, t.title AS task_title,
                            r.subtask_id, s.subtask_key, s.title AS subtask_title, r.agent_type, r.status,
                            r.attempt_number, r.reason, r.started_at, r.token_usage
                        FROM agent_runs r
                        JOIN projects p ON p.id = r.project_id
                        JOIN tasks t ON t.id = r.task_id
                        LEFT JOIN subtasks s ON s.id = r.subtask_id
                        WHERE p.owner_id = :owner AND r.status IN ('QUEUED', 'RUNNING')
                        ORDER BY r.started_at, r.id""")
                .param("owner", owner.value())
                .query((rs, row) -> new ActivityRun(
                        uuid(rs, "id"),
                        uuid(rs, "project_id"),
                        rs.getString("project_name"),
                        uuid(rs, "task_id"),
                        rs.getString("task_title"),
                        uuid(rs, "subtask_id"),
                        rs.getString("subtask_key"),
                        rs.getString("subtask_title"),
                        AgentType.valueOf(rs.getString("agent_type")),
                        RunStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempt_number"),
                        rs.getString("reason"),
                        Timestamps.readRequired(rs, "started_at"),
                        rs.getLong("token_usage")))
                .list();
    }

    /**
     * Every subtask and task that waits for the user, newest first. A failed subtask's detail is its
     * last run's error.
     */
    List<NeedsYouItem> needsYou(UserId owner) {
        List<NeedsYouItem> subtasks = jdbc.sql("""
                        SELECT s.id, s.subtask_key, s.title, s.status, s.blocked_reason, s.blocked_detail,
                            s.follow_up_reason, s.merge_state, s.updated_at, t.id AS task_id, t.title AS task_title,
                            p.id AS project_id, p.name AS project_name,
                            (SELECT r.error_message FROM agent_runs r WHERE r.subtask_id = s.id
                                ORDER BY r.started_at DESC, r.id LIMIT 1) AS last_error
                        FROM subtasks s
                        JOIN tasks t ON t.id = s.task_id
                        JOIN projects p ON p.id = t.project_id
                        WHERE p.owner_id = :owner
                        AND NOT (t.budget_reached AND COALESCE(s.blocked_detail, '') = :budgetDetail) AND (
                            (s.status = 'BLOCKED' AND s.blocked_reason <> 'DEPENDENCY')
                            OR (s.status = 'COMPLETED' AND s.merge_state = 'conflicted' AND NOT t.autopilot)
                            OR (s.status = 'COMPLETED' AND p.require_approval AND s.approved_at IS NULL))""")
                .param("owner", owner.value())
                .param("budgetDetail", SubtaskService.BUDGET_DETAIL)
                .query((rs, row) -> {
                    NeedsYouKind kind = subtaskKind(rs);
                    return new NeedsYouItem(
                            kind,
                            uuid(rs, "project_id"),
                            rs.getString("project_name"),
                            uuid(rs, "task_id"),
                            rs.getString("task_title"),
                            uuid(rs, "id"),
                            rs.getString("subtask_key"),
                            rs.getString("title"),
                            detail(kind, rs),
                            Timestamps.readRequired(rs, "updated_at"));
                })
                .list();
        List<NeedsYouItem> tasks = jdbc.sql("""
                        SELECT t.id, t.title, t.status, t.error_message, t.updated_at, p.id AS project_id,
                            p.name AS project_name
                        FROM tasks t JOIN projects p ON p.id = t.project_id
                        WHERE p.owner_id = :owner AND (
                            (t.status = 'PLANNING_FAILED'
                                AND NOT (t.budget_reached AND t.error_message = :budgetReached))
                            OR (t.status = 'ACTIVE' AND t.require_plan_approval AND t.plan_approved_at IS NULL))""")
                .param("owner", owner.value())
                .param("budgetReached", TaskService.BUDGET_REACHED)
                .query((rs, row) -> new NeedsYouItem(
                        rs.getString("status").equals("ACTIVE")
                                ? NeedsYouKind.PLAN_AWAITING_APPROVAL
                                : NeedsYouKind.PLANNING_FAILED,
                        uuid(rs, "project_id"),
                        rs.getString("project_name"),
                        uuid(rs, "id"),
                        rs.getString("title"),
                        null,
                        null,
                        null,
                        rs.getString("error_message"),
                        Timestamps.readRequired(rs, "updated_at")))
                .list();
        // a task whose budget is reached is one item: what the budget stopped waits for the same raise, and
        // is not listed apart
        List<NeedsYouItem> budgets = jdbc.sql("""
                        SELECT t.id, t.title, t.budget_usd, t.budget_tokens, t.updated_at, p.id AS project_id,
                            p.name AS project_name,
                            (SELECT SUM(r.cost_usd) FROM agent_runs r WHERE r.task_id = t.id) AS cost,
                            (SELECT COALESCE(SUM(r.token_usage), 0) FROM agent_runs r WHERE r.task_id = t.id) AS tokens
                        FROM tasks t JOIN projects p ON p.id = t.project_id
                        WHERE p.owner_id = :owner AND t.budget_reached""")
                .param("owner", owner.value())
                .query((rs, row) -> new NeedsYouItem(
                        NeedsYouKind.BUDGET_REACHED,
                        uuid(rs, "project_id"),
                        rs.getString("project_name"),
                        uuid(rs, "id"),
                        rs.getString("title"),
                        null,
                        null,
                        null,
                        budgetDetail(rs),
                        Timestamps.readRequired(rs, "updated_at")))
                .list();
        return Stream.of(subtasks, tasks, budgets)
                .flatMap(List::stream)
                .sorted(Comparator.comparing(NeedsYouItem::since).reversed())
                .toList();
    }

    /** E.g. "spent $5.02 of $5.00; 120000 of 100000 tokens": what was used of each budget the task has. */
    private static String budgetDetail(ResultSet rs) throws SQLException {
        java.math.BigDecimal budgetUsd = rs.getBigDecimal("budget_usd");
        java.math.BigDecimal cost = rs.getBigDecimal("cost");
        List<String> parts = new java.util.ArrayList<>();
        if (budgetUsd != null) {
            parts.add(String.format(
                    java.util.Locale.ROOT,
                    "spent $%.2f of $%.2f",
                    cost == null ? java.math.BigDecimal.ZERO : cost,
                    budgetUsd));
        }
        long budgetTokens = rs.getLong("budget_tokens");
        if (!rs.wasNull()) {
            parts.add(rs.getLong("tokens") + " of " + budgetTokens + " tokens");
        }
        return "budget reached: " + String.join("; ", parts);
    }

    private static NeedsYouKind subtaskKind(ResultSet rs) throws SQLException {
        if (rs.getString("status").equals("COMPLETED")) {
            return "conflicted".equals(rs.getString("merge_state"))
                    ? NeedsYouKind.CONFLICT
                    : NeedsYouKind.AWAITING_APPROVAL;
        }
        return switch (rs.getString("blocked_reason")) {
            case "FOLLOW_UP_LIMIT" -> NeedsYouKind.FOLLOW_UP_LIMIT;
            case "PR_CLOSED" -> NeedsYouKind.PR_CLOSED;
            default -> NeedsYouKind.FAILED;
        };
    }

    private static @Nullable String detail(NeedsYouKind kind, ResultSet rs) throws SQLException {
        return switch (kind) {
            case FAILED -> rs.getString("last_error");
            case FOLLOW_UP_LIMIT -> rs.getString("follow_up_reason");
            case PR_CLOSED -> rs.getString("blocked_detail");
            default -> null;
        };
    }

    private static @Nullable UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }
}
