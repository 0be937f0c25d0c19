package dev.internvillage.agent;

import dev.internvillage.auth.UserId;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.TaskId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RunRepository {

    private static final String COLUMNS = """
            id, project_id, task_id, subtask_id, agent_type, attempt_number, status, started_at, ended_at,
            duration_ms, token_usage, error_message, log_path, reason, runtime, model, cost_usd, input_tokens,
            output_tokens, cache_read_tokens, cache_write_tokens, session_id, resumed_session_id""";

    private final JdbcClient jdbc;

    RunRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<AgentRun> find(RunId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_runs WHERE id = :id")
                .param("id", id.value())
                .query(RunRepository::map)
                .optional();
    }

    List<AgentRun> findPlannerRuns(TaskId taskId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_runs WHERE task_id = :task AND subtask_id IS NULL"
                        + " ORDER BY attempt_number, started_at")
                .param("task", taskId.value())
                .query(RunRepository::map)
                .list();
    }

    List<AgentRun> findWorkerRuns(SubtaskId subtaskId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_runs WHERE subtask_id = :subtask"
                        + " ORDER BY attempt_number, started_at")
                .param("subtask", subtaskId.value())
                .query(RunRepository::map)
                .list();
    }

    /** Queued and running runs of every project (for recovery at start-up). */
    List<AgentRun> findAllActive() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_runs WHERE status IN ('QUEUED', 'RUNNING')"
                        + " ORDER BY started_at, id")
                .query(RunRepository::map)
                .list();
    }

    /** The instance that executed the run (null while queued, or when recorded before there were several). */
    Optional<String> instanceOf(RunId id) {
        return jdbc.sql("SELECT instance_id FROM agent_runs WHERE id = :id AND instance_id IS NOT NULL")
                .param("id", id.value())
                .query(String.class)
                .optional();
    }

    /** The attempt number after the highest one of the task's planner runs or the subtask's runs. */
    int nextAttemptNumber(TaskId taskId, @Nullable SubtaskId subtaskId) {
        String where = subtaskId == null ? "task_id = :owner AND subtask_id IS NULL" : "subtask_id = :owner";
        return jdbc.sql("SELECT COALESCE(MAX(attempt_number), 0) + 1 FROM agent_runs WHERE " + where)
                .param("owner", subtaskId == null ? taskId.value() : subtaskId.value())
                .query(Integer.class)
                .single();
    }

    /** QUEUED → RUNNING; the run's clock starts now. */
    void markRunning(RunId id, Instant startedAt, String instanceId) {
        int rows = jdbc.sql("""
                        UPDATE agent_runs SET status = 'RUNNING', started_at = :startedAt, instance_id = :instance,
                            version = version + 1
                        WHERE id = :id AND status = 'QUEUED'""")
                .param("startedAt", Timestamps.toDb(startedAt))
                .param("instance", instanceId)
                .param("id", id.value())
                .update();
        if (rows == 0) {
            throw DomainException.conflict("run " + id + " is not queued");
        }
    }

    /** Queued and running runs of a project, oldest first. */
    List<AgentRun> findActive(ProjectId projectId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_runs WHERE project_id = :project"
                        + " AND status IN ('QUEUED', 'RUNNING') ORDER BY started_at, id")
                .param("project", projectId.value())
                .query(RunRepository::map)
                .list();
    }

    /** The queued and running runs of every project the user owns. */
    List<AgentRun> findActiveOfOwner(UserId owner) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_runs WHERE status IN ('QUEUED', 'RUNNING')"
                        + " AND project_id IN (SELECT id FROM projects WHERE owner_id = :owner)"
                        + " ORDER BY started_at, id")
                .param("owner", owner.value())
                .query(RunRepository::map)
                .list();
    }

    Optional<AgentRun> findRunning(SubtaskId subtaskId) {
        return jdbc
                .sql("SELECT " + COLUMNS + " FROM agent_runs WHERE subtask_id = :subtask"
                        + " AND status IN ('QUEUED', 'RUNNING')"
                        + " ORDER BY started_at DESC")
                .param("subtask", subtaskId.value())
                .query(RunRepository::map)
                .list()
                .stream()
                .findFirst();
    }

    void insert(AgentRun run, String prompt) {
        jdbc.sql("""
                        INSERT INTO agent_runs (id, project_id, task_id, subtask_id, agent_type, attempt_number, status,
                            started_at, token_usage, prompt, log_path, reason)
                        VALUES (:id, :project, :task, :subtask, :type, :attempt, :status, :startedAt, 0, :prompt,
                            :logPath, :reason)""")
                .param("id", run.id().value())
                .param("project", run.projectId().value())
                .param("task", run.taskId().value())
                .param(
                        "subtask",
                        run.subtaskId() == null ? null : run.subtaskId().value())
                .param("type", run.agentType().name())
                .param("attempt", run.attemptNumber())
                .param("status", run.status().name())
                .param("startedAt", Timestamps.toDb(run.startedAt()))
                .param("prompt", prompt)
                .param("logPath", run.logPath())
                .param("reason", run.reason() == null ? null : run.reason().wireName())
                .update();
    }

    /** Ends a RUNNING run; a run that already ended is left as it was. */
    void finish(RunId id, RunStatus status, Instant endedAt, long durationMs, long tokens, @Nullable String error) {
        int rows = jdbc.sql("""
                        UPDATE agent_runs SET status = :status, ended_at = :endedAt, duration_ms = :duration,
                            token_usage = :tokens, error_message = :error, version = version + 1
                        WHERE id = :id AND status IN ('QUEUED', 'RUNNING')""")
                .param("status", status.name())
                .param("endedAt", Timestamps.toDb(endedAt))
                .param("duration", durationMs)
                .param("tokens", tokens)
                .param("error", error)
                .param("id", id.value())
                .update();
        if (rows == 0) {
            throw DomainException.conflict("run " + id + " is not running");
        }
    }

    /** The runtime that runs the attempt and the session it continues (null: a fresh one), as it starts. */
    void recordSession(RunId id, String runtime, @Nullable String resumedSessionId) {
        jdbc.sql("""
                        UPDATE agent_runs SET runtime = :runtime, resumed_session_id = :resumed, version = version + 1
                        WHERE id = :id""")
                .param("runtime", runtime)
                .param("resumed", resumedSessionId)
                .param("id", id.value())
                .update();
    }

    /** What the agent reported when its process ended: model, tokens, cost and its session id. */
    void recordUsage(RunId id, RunUsage usage, @Nullable String sessionId) {
        jdbc.sql("""
                        UPDATE agent_runs SET model = :model, cost_usd = :cost, input_tokens = :input,
                            output_tokens = :output, cache_read_tokens = :cacheRead, cache_write_tokens = :cacheWrite,
                            token_usage = :total, session_id = :session, version = version + 1
                        WHERE id = :id""")
                .param("model", usage.model())
                .param("cost", usage.costUsd())
                .param("input", usage.inputTokens())
                .param("output", usage.outputTokens())
                .param("cacheRead", usage.cacheReadTokens())
                .param("cacheWrite", usage.cacheWriteTokens())
                .param("total", usage.totalTokens())
                .param("session", sessionId)
                .param("id", id.value())
                .update();
    }

    private static AgentRun map(ResultSet rs, int row) throws SQLException {
        UUID subtask = rs.getObject("subtask_id", UUID.class);
        return new AgentRun(
                new RunId(rs.getObject("id", UUID.class)),
                new ProjectId(rs.getObject("project_id", UUID.class)),
                new TaskId(rs.getObject("task_id", UUID.class)),
                subtask == null ? null : new SubtaskId(subtask),
                AgentType.valueOf(rs.getString("agent_type")),
                rs.getInt("attempt_number"),
                RunStatus.valueOf(rs.getString("status")),
                Timestamps.readRequired(rs, "started_at"),
                Timestamps.read(rs, "ended_at"),
                Timestamps.readLong(rs, "duration_ms"),
                rs.getLong("token_usage"),
                rs.getString("error_message"),
                rs.getString("log_path"),
                reason(rs.getString("reason")),
                rs.getString("runtime"),
                new RunUsage(
                        rs.getString("model"),
                        rs.getLong("input_tokens"),
                        rs.getLong("output_tokens"),
                        rs.getLong("cache_read_tokens"),
                        rs.getLong("cache_write_tokens"),
                        rs.getLong("token_usage"),
                        rs.getBigDecimal("cost_usd")),
                rs.getString("session_id"),
                rs.getString("resumed_session_id"));
    }

    private static @Nullable FollowUpReason reason(@Nullable String wire) {
        return wire == null ? null : FollowUpReason.fromWire(wire);
    }
}
