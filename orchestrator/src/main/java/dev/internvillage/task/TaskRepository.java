package dev.internvillage.task;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TaskRepository {

    private static final String COLUMNS =
            "id, project_id, title, description, status, spec, error_message, autopilot, require_plan_approval,"
                    + " plan_approved_at, version, created_at, updated_at, budget_usd, budget_tokens, budget_reached";

    private final JdbcClient jdbc;

    TaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Task> find(TaskId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE id = :id")
                .param("id", id.value())
                .query(TaskRepository::map)
                .optional();
    }

    /**
     * Reads the task and holds its row lock until the transaction ends. Every change to a task or its
     * subtasks takes this lock first, so changes to one task happen one after another (positions
     * stay gap-free, unblocking sees every merge) while other tasks proceed in parallel.
     */
    Task lock(TaskId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE id = :id FOR UPDATE")
                .param("id", id.value())
                .query(TaskRepository::map)
                .optional()
                .orElseThrow(() -> DomainException.notFound("task " + id));
    }

    List<Task> findByProject(ProjectId projectId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE project_id = :project ORDER BY created_at, id")
                .param("project", projectId.value())
                .query(TaskRepository::map)
                .list();
    }

    /** Tasks in a status across all projects, oldest first (for recovery at start-up). */
    List<Task> findByStatus(TaskStatus status) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE status = :status ORDER BY created_at, id")
                .param("status", status.name())
                .query(TaskRepository::map)
                .list();
    }

    /** Failed planner attempts since planning last (re)started. */
    int planningAttempts(TaskId id) {
        return jdbc.sql("SELECT planning_attempts FROM tasks WHERE id = :id")
                .param("id", id.value())
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    void setPlanningAttempts(TaskId id, int attempts) {
        jdbc.sql("UPDATE tasks SET planning_attempts = :attempts WHERE id = :id")
                .param("attempts", attempts)
                .param("id", id.value())
                .update();
    }

    void insert(Task task) {
        jdbc.sql("""
                        INSERT INTO tasks (id, project_id, title, description, status, spec, error_message, autopilot,
                            require_plan_approval, plan_approved_at, version, created_at, updated_at, budget_usd,
                            budget_tokens, budget_reached)
                        VALUES (:id, :project, :title, :description, :status, :spec, :error, :autopilot,
                            :requirePlanApproval, :planApprovedAt, 0, :createdAt, :updatedAt, :budgetUsd,
                            :budgetTokens, :budgetReached)""")
                .param("id", task.id().value())
                .param("project", task.projectId().value())
                .param("title", task.title())
                .param("description", task.description())
                .param("status", task.status().name())
                .param("spec", task.spec())
                .param("error", task.errorMessage())
                .param("autopilot", task.autopilot())
                .param("requirePlanApproval", task.requirePlanApproval())
                .param("planApprovedAt", Timestamps.toDb(task.planApprovedAt()))
                .param("createdAt", Timestamps.toDb(task.createdAt()))
                .param("updatedAt", Timestamps.toDb(task.updatedAt()))
                .param("budgetUsd", task.budgetUsd())
                .param("budgetTokens", task.budgetTokens())
                .param("budgetReached", task.budgetReached())
                .update();
    }

    /** Writes the task if nobody changed it since it was read at {@code task.version()}. */
    Task update(Task task) {
        int rows = jdbc.sql("""
                        UPDATE tasks SET status = :status, spec = :spec, error_message = :error,
                            autopilot = :autopilot, require_plan_approval = :requirePlanApproval,
                            plan_approved_at = :planApprovedAt, updated_at = :updatedAt, budget_usd = :budgetUsd,
                            budget_tokens = :budgetTokens, budget_reached = :budgetReached, version = version + 1
                        WHERE id = :id AND version = :version""")
                .param("status", task.status().name())
                .param("spec", task.spec())
                .param("error", task.errorMessage())
                .param("autopilot", task.autopilot())
                .param("requirePlanApproval", task.requirePlanApproval())
                .param("planApprovedAt", Timestamps.toDb(task.planApprovedAt()))
                .param("updatedAt", Timestamps.toDb(task.updatedAt()))
                .param("id", task.id().value())
                .param("version", task.version())
                .param("budgetUsd", task.budgetUsd())
                .param("budgetTokens", task.budgetTokens())
                .param("budgetReached", task.budgetReached())
                .update();
        if (rows == 0) {
            throw DomainException.conflict("task " + task.id() + " was changed by another request; try again");
        }
        return find(task.id()).orElseThrow();
    }

    /** ACTIVE tasks on autopilot across all projects, oldest first. */
    List<Task> findActiveOnAutopilot() {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM tasks WHERE status = 'ACTIVE' AND autopilot ORDER BY created_at, id")
                .query(TaskRepository::map)
                .list();
    }

    void delete(TaskId id) {
        jdbc.sql("DELETE FROM tasks WHERE id = :id").param("id", id.value()).update();
    }

    private static Task map(ResultSet rs, int row) throws SQLException {
        return new Task(
                new TaskId(rs.getObject("id", UUID.class)),
                new ProjectId(rs.getObject("project_id", UUID.class)),
                rs.getString("title"),
                rs.getString("description"),
                TaskStatus.valueOf(rs.getString("status")),
                rs.getString("spec"),
                rs.getString("error_message"),
                rs.getBoolean("autopilot"),
                rs.getBoolean("require_plan_approval"),
                Timestamps.read(rs, "plan_approved_at"),
                rs.getLong("version"),
                Timestamps.readRequired(rs, "created_at"),
                Timestamps.readRequired(rs, "updated_at"),
                rs.getBigDecimal("budget_usd"),
                rs.getObject("budget_tokens") == null ? null : rs.getLong("budget_tokens"),
                rs.getBoolean("budget_reached"));
    }

    /** What the task's runs have cost and used so far. */
    TaskUsage usage(TaskId id) {
        return jdbc.sql("SELECT SUM(cost_usd) AS cost, COALESCE(SUM(token_usage), 0) AS tokens FROM agent_runs"
                        + " WHERE task_id = :id")
                .param("id", id.value())
                .query((rs, row) -> new TaskUsage(rs.getBigDecimal("cost"), rs.getLong("tokens")))
                .single();
    }

    /** The usage of every task of the project that has runs. */
    java.util.Map<TaskId, TaskUsage> usageOfProject(ProjectId projectId) {
        java.util.Map<TaskId, TaskUsage> usage = new java.util.HashMap<>();
        jdbc.sql("SELECT task_id, SUM(cost_usd) AS cost, COALESCE(SUM(token_usage), 0) AS tokens FROM agent_runs"
                        + " WHERE project_id = :project GROUP BY task_id")
                .param("project", projectId.value())
                .query(rs -> {
                    usage.put(
                            new TaskId(rs.getObject("task_id", UUID.class)),
                            new TaskUsage(rs.getBigDecimal("cost"), rs.getLong("tokens")));
                });
        return usage;
    }
}
