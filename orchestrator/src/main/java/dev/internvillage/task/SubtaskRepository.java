package dev.internvillage.task;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SubtaskRepository {

    private static final String COLUMNS = """
            id, task_id, subtask_key, title, spec, implementation_plan, status, blocked_reason, branch_name, pr_url,
            pr_number, retry_count, token_usage, position, version, created_at, updated_at, merge_state, conflict_files,
            approved_at, cost_usd""";

    private final JdbcClient jdbc;

    SubtaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Subtask> find(SubtaskId id) {
        Optional<Subtask> row = jdbc.sql("SELECT " + COLUMNS + " FROM subtasks WHERE id = :id")
                .param("id", id.value())
                .query((rs, n) -> map(rs, List.of()))
                .optional();
        return row.map(s -> withDependencies(s, dependencies(s.taskId()).getOrDefault(s.id(), List.of())));
    }

    /** All subtasks of a task with their dependencies, in board order. */
    List<Subtask> findByTask(TaskId taskId) {
        Map<SubtaskId, List<SubtaskId>> dependencies = dependencies(taskId);
        return jdbc.sql("SELECT " + COLUMNS + " FROM subtasks WHERE task_id = :task ORDER BY position, id")
                .param("task", taskId.value())
                .query((rs, n) ->
                        map(rs, dependencies.getOrDefault(new SubtaskId(rs.getObject("id", UUID.class)), List.of())))
                .list();
    }

    /** Subtasks in a status across all projects, oldest first (for recovery at start-up). */
    List<SubtaskId> findIdsByStatus(SubtaskStatus status) {
        return jdbc.sql("SELECT id FROM subtasks WHERE status = :status ORDER BY created_at, id")
                .param("status", status.name())
                .query((rs, row) -> new SubtaskId(rs.getObject("id", java.util.UUID.class)))
                .list();
    }

    /** The subtasks in {@code status} of a project's tasks, in board order. */
    List<Subtask> findByProjectAndStatus(ProjectId projectId, SubtaskStatus status) {
        List<TaskId> taskIds = jdbc.sql("""
                        SELECT DISTINCT s.task_id FROM subtasks s JOIN tasks t ON t.id = s.task_id
                        WHERE t.project_id = :project AND s.status = :status""")
                .param("project", projectId.value())
                .param("status", status.name())
                .query((rs, n) -> new TaskId(rs.getObject("task_id", UUID.class)))
                .list();
        return taskIds.stream()
                .flatMap(task -> findByTask(task).stream())
                .filter(s -> s.status() == status)
                .toList();
    }

    List<ProjectId> findProjectIdsWithStatus(SubtaskStatus status) {
        return jdbc.sql("""
                        SELECT DISTINCT t.project_id FROM subtasks s JOIN tasks t ON t.id = s.task_id
                        WHERE s.status = :status""")
                .param("status", status.name())
                .query((rs, n) -> new ProjectId(rs.getObject("project_id", UUID.class)))
                .list();
    }

    /**
     * Records a merge state. Not a status change, so the version stays: a worker's or user's move
     * made at the same time does not fail on it.
     */
    void updateMergeState(SubtaskId id, @Nullable MergeState state, List<String> conflictFiles) {
        jdbc.sql("UPDATE subtasks SET merge_state = :state, conflict_files = :files WHERE id = :id")
                .param("state", state == null ? null : state.wireName())
                .param("files", joinFiles(conflictFiles))
                .param("id", id.value())
                .update();
    }

    int countByTask(TaskId taskId) {
        return jdbc.sql("SELECT COUNT(*) FROM subtasks WHERE task_id = :task")
                .param("task", taskId.value())
                .query(Integer.class)
                .single();
    }

    void insert(Subtask subtask) {
        jdbc.sql("""
                        INSERT INTO subtasks (id, task_id, subtask_key, title, spec, implementation_plan, status,
                            blocked_reason, retry_count, token_usage, position, version, created_at, updated_at)
                        VALUES (:id, :task, :key, :title, :spec, :plan, :status, :reason, 0, 0, :position, 0,
                            :createdAt, :updatedAt)""")
                .param("id", subtask.id().value())
                .param("task", subtask.taskId().value())
                .param("key", subtask.key())
                .param("title", subtask.title())
                .param("spec", subtask.spec())
                .param("plan", subtask.implementationPlan())
                .param("status", subtask.status().name())
                .param(
                        "reason",
                        subtask.blockedReason() == null
                                ? null
                                : subtask.blockedReason().name())
                .param("position", subtask.position())
                .param("createdAt", Timestamps.toDb(subtask.createdAt()))
                .param("updatedAt", Timestamps.toDb(subtask.updatedAt()))
                .update();
    }

    void insertDependency(SubtaskId subtask, SubtaskId dependsOn) {
        jdbc.sql("INSERT INTO subtask_dependencies (subtask_id, depends_on_id) VALUES (:subtask, :dependsOn)")
                .param("subtask", subtask.value())
                .param("dependsOn", dependsOn.value())
                .update();
    }

    /** Writes the subtask if nobody changed it since it was read at {@code subtask.version()}. */
    Subtask update(Subtask subtask) {
        int rows = jdbc.sql("""
                        UPDATE subtasks SET status = :status, blocked_reason = :reason, branch_name = :branch,
                            pr_url = :prUrl, pr_number = :prNumber, retry_count = :retryCount,
                            merge_state = :mergeState, conflict_files = :conflictFiles,
                            approved_at = :approvedAt, updated_at = :updatedAt, version = version + 1
                        WHERE id = :id AND version = :version""")
                .param("status", subtask.status().name())
                .param(
                        "reason",
                        subtask.blockedReason() == null
                                ? null
                                : subtask.blockedReason().name())
                .param("branch", subtask.branchName())
                .param("prUrl", subtask.prUrl())
                .param("prNumber", subtask.prNumber())
                .param("retryCount", subtask.retryCount())
                .param(
                        "mergeState",
                        subtask.mergeState() == null
                                ? null
                                : subtask.mergeState().wireName())
                .param("conflictFiles", joinFiles(subtask.conflictFiles()))
                .param("approvedAt", Timestamps.toDb(subtask.approvedAt()))
                .param("updatedAt", Timestamps.toDb(subtask.updatedAt()))
                .param("id", subtask.id().value())
                .param("version", subtask.version())
                .update();
        if (rows == 0) {
            throw DomainException.conflict("subtask " + subtask.key() + " was changed by another request; try again");
        }
        return find(subtask.id()).orElseThrow();
    }

    /** Writes what a plan's review may edit: title, spec and implementation plan. */
    Subtask updatePlanText(Subtask subtask) {
        int rows = jdbc.sql("""
                        UPDATE subtasks SET title = :title, spec = :spec, implementation_plan = :plan,
                            updated_at = :updatedAt, version = version + 1
                        WHERE id = :id AND version = :version""")
                .param("title", subtask.title())
                .param("spec", subtask.spec())
                .param("plan", subtask.implementationPlan())
                .param("updatedAt", Timestamps.toDb(subtask.updatedAt()))
                .param("id", subtask.id().value())
                .param("version", subtask.version())
                .update();
        if (rows == 0) {
            throw DomainException.conflict("subtask " + subtask.key() + " was changed by another request; try again");
        }
        return find(subtask.id()).orElseThrow();
    }

    /** Replaces what the subtask depends on. */
    void replaceDependencies(SubtaskId id, List<SubtaskId> dependsOn) {
        jdbc.sql("DELETE FROM subtask_dependencies WHERE subtask_id = :id")
                .param("id", id.value())
                .update();
        dependsOn.forEach(dep -> insertDependency(id, dep));
    }

    /**
     * Deletes the subtask; its dependency rows, both ways, go with it (ON DELETE CASCADE). The later
     * subtasks of the task move up one position, so positions stay gap-free.
     */
    void delete(Subtask subtask) {
        jdbc.sql("DELETE FROM subtasks WHERE id = :id")
                .param("id", subtask.id().value())
                .update();
        jdbc.sql("""
                        UPDATE subtasks SET position = position - 1, version = version + 1
                        WHERE task_id = :task AND position > :position""")
                .param("task", subtask.taskId().value())
                .param("position", subtask.position())
                .update();
    }

    void updatePosition(SubtaskId id, int position) {
        jdbc.sql("UPDATE subtasks SET position = :position, version = version + 1 WHERE id = :id")
                .param("position", position)
                .param("id", id.value())
                .update();
    }

    /**
     * Adds to the running token count and cost; increments, so concurrent runs never lose each
     * other's. A run without a known cost leaves the cost as it is (NULL stays NULL: unknown, not 0).
     */
    void addUsage(SubtaskId id, long tokens, @Nullable BigDecimal cost) {
        if (cost == null) {
            jdbc.sql("UPDATE subtasks SET token_usage = token_usage + :tokens WHERE id = :id")
                    .param("tokens", tokens)
                    .param("id", id.value())
                    .update();
            return;
        }
        jdbc.sql("""
                        UPDATE subtasks SET token_usage = token_usage + :tokens,
                            cost_usd = COALESCE(cost_usd, 0) + :cost
                        WHERE id = :id""")
                .param("tokens", tokens)
                .param("cost", cost)
                .param("id", id.value())
                .update();
    }

    /**
     * Records why the subtask is blocked, in words (null clears it). Not a status change, so the
     * version stays; callers move the subtask in the same transaction.
     */
    void updateBlockedDetail(SubtaskId id, @Nullable String detail) {
        jdbc.sql("UPDATE subtasks SET blocked_detail = :detail WHERE id = :id")
                .param("detail", detail)
                .param("id", id.value())
                .update();
    }

    @Nullable
    String findBlockedDetail(SubtaskId id) {
        List<@Nullable String> rows = jdbc.sql("SELECT blocked_detail FROM subtasks WHERE id = :id")
                .param("id", id.value())
                .query((rs, n) -> rs.getString("blocked_detail"))
                .list();
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /** The blocked details of the task's subtasks that have one. */
    Map<SubtaskId, String> findBlockedDetails(TaskId taskId) {
        Map<SubtaskId, String> result = new HashMap<>();
        jdbc.sql("SELECT id, blocked_detail FROM subtasks WHERE task_id = :task AND blocked_detail IS NOT NULL")
                .param("task", taskId.value())
                .query(rs -> {
                    result.put(new SubtaskId(rs.getObject("id", UUID.class)), rs.getString("blocked_detail"));
                });
        return result;
    }

    private Map<SubtaskId, List<SubtaskId>> dependencies(TaskId taskId) {
        Map<SubtaskId, List<SubtaskId>> result = new HashMap<>();
        jdbc.sql("""
                        SELECT d.subtask_id, d.depends_on_id
                        FROM subtask_dependencies d
                        JOIN subtasks dep ON dep.id = d.depends_on_id
                        WHERE dep.task_id = :task
                        ORDER BY dep.position, dep.id""").param("task", taskId.value()).query(rs -> {
            result.computeIfAbsent(new SubtaskId(rs.getObject("subtask_id", UUID.class)), k -> new ArrayList<>())
                    .add(new SubtaskId(rs.getObject("depends_on_id", UUID.class)));
        });
        return result;
    }

    private static Subtask withDependencies(Subtask s, List<SubtaskId> dependsOn) {
        return new Subtask(
                s.id(),
                s.taskId(),
                s.key(),
                s.title(),
                s.spec(),
                s.implementationPlan(),
                s.status(),
                s.blockedReason(),
                List.copyOf(dependsOn),
                s.branchName(),
                s.prUrl(),
                s.prNumber(),
                s.retryCount(),
                s.tokenUsage(),
                s.position(),
                s.version(),
                s.createdAt(),
                s.updatedAt(),
                s.mergeState(),
                s.conflictFiles(),
                s.approvedAt(),
                s.costUsd());
    }

    private static @Nullable String joinFiles(List<String> files) {
        return files.isEmpty() ? null : String.join("\n", files);
    }

    private static @Nullable MergeState mergeState(@Nullable String name) {
        return name == null ? null : MergeState.ofWireName(name);
    }

    private static List<String> conflictFiles(@Nullable String lines) {
        return lines == null || lines.isEmpty() ? List.of() : List.of(lines.split("\n"));
    }

    private static Subtask map(ResultSet rs, List<SubtaskId> dependsOn) throws SQLException {
        String reason = rs.getString("blocked_reason");
        return new Subtask(
                new SubtaskId(rs.getObject("id", UUID.class)),
                new TaskId(rs.getObject("task_id", UUID.class)),
                rs.getString("subtask_key"),
                rs.getString("title"),
                rs.getString("spec"),
                rs.getString("implementation_plan"),
                SubtaskStatus.valueOf(rs.getString("status")),
                reason == null ? null : BlockedReason.valueOf(reason),
                List.copyOf(dependsOn),
                rs.getString("branch_name"),
                rs.getString("pr_url"),
                Timestamps.readInt(rs, "pr_number"),
                rs.getInt("retry_count"),
                rs.getLong("token_usage"),
                rs.getInt("position"),
                rs.getLong("version"),
                Timestamps.readRequired(rs, "created_at"),
                Timestamps.readRequired(rs, "updated_at"),
                mergeState(rs.getString("merge_state")),
                conflictFiles(rs.getString("conflict_files")),
                Timestamps.read(rs, "approved_at"),
                rs.getBigDecimal("cost_usd"));
    }
}
