package dev.internvillage.agent.loop;

import dev.internvillage.cluster.InstanceId;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.TaskId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The leases of agent loops in the database (table {@code loop_leases}): a loop runs only on the
 * instance that holds its lease. Every write runs in a transaction of its own, committed at once:
 * callers are often after-commit listeners, whose thread still holds a finished transaction, and a
 * lease must be visible to the other instances the moment it is taken.
 */
@Component
class LoopLeases {

    /** Who holds a lease, and until when. */
    record Holder(String instanceId, @Nullable String processScope, long pid, Instant expiresAt) {}

    /** A lease of another instance, with its loop. */
    record Lease(LoopKey key, Holder holder) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final InstanceId me;
    private final LeaseSettings settings;
    private final @Nullable String scope = ProcessScope.current();
    private final long pid = ProcessHandle.current().pid();

    LoopLeases(JdbcClient jdbc, PlatformTransactionManager transactions, InstanceId me, LeaseSettings settings) {
        this.jdbc = jdbc;
        this.me = me;
        this.settings = settings;
        this.ownTransaction = new TransactionTemplate(transactions);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    static String keyOf(LoopKey key) {
        return key.isPlanner() ? "planner:" + key.taskId() : "worker:" + key.subtaskId();
    }

    InstanceId me() {
        return me;
    }

    /**
     * Takes the loop's lease for this instance: true when it was free, expired, already this
     * instance's, or held by {@code dead} (a holder found gone). Atomic: of instances claiming at once,
     * one wins.
     */
    boolean claim(LoopKey key, @Nullable Holder dead) {
        return write(() -> {
            Instant now = Timestamps.now();
            int taken = jdbc.sql("""
                            UPDATE loop_leases SET instance_id = :me, process_scope = :scope, pid = :pid,
                                expires_at = :expires
                            WHERE loop_key = :key AND (instance_id = :me OR expires_at < :now
                                OR (instance_id = :dead AND pid = :deadPid))""")
                    .param("me", me.value())
                    .param("scope", scope)
                    .param("pid", pid)
                    .param("expires", Timestamps.toDb(now.plus(settings.lease())))
                    .param("key", keyOf(key))
                    .param("now", Timestamps.toDb(now))
                    .param("dead", dead == null ? "" : dead.instanceId())
                    .param("deadPid", dead == null ? -1L : dead.pid())
                    .update();
            if (taken == 1) {
                return true;
            }
            return jdbc.sql("""
                            INSERT INTO loop_leases (loop_key, project_id, task_id, subtask_id, instance_id,
                                process_scope, pid, expires_at)
                            VALUES (:key, :project, :task, :subtask, :me, :scope, :pid, :expires)
                            ON CONFLICT DO NOTHING""")
                            .param("key", keyOf(key))
                            .param("project", key.projectId().value())
                            .param("task", key.taskId().value())
                            .param(
                                    "subtask",
                                    key.subtaskId() == null
                                            ? null
                                            : key.subtaskId().value())
                            .param("me", me.value())
                            .param("scope", scope)
                            .param("pid", pid)
                            .param("expires", Timestamps.toDb(now.plus(settings.lease())))
                            .update()
                    == 1;
        });
    }

    /** Gives the loop's lease up: its loop ended here. */
    void release(LoopKey key) {
        write(() -> jdbc.sql("DELETE FROM loop_leases WHERE loop_key = :key AND instance_id = :me")
                .param("key", keyOf(key))
                .param("me", me.value())
                .update());
    }

    /**
     * Hands the loop back at shutdown: its lease is kept but expired, so any instance (this one at its
     * next start, too) takes the loop over at once.
     */
    void handBack(LoopKey key) {
        write(() -> jdbc.sql("UPDATE loop_leases SET expires_at = :past WHERE loop_key = :key AND instance_id = :me")
                .param("past", Timestamps.toDb(Instant.EPOCH))
                .param("key", keyOf(key))
                .param("me", me.value())
                .update());
    }

    /** The heartbeat: renews every lease of this instance in one statement. */
    void renewAll() {
        write(() -> jdbc.sql(
                        "UPDATE loop_leases SET expires_at = :expires WHERE instance_id = :me AND expires_at > :past")
                .param("expires", Timestamps.toDb(Timestamps.now().plus(settings.lease())))
                .param("me", me.value())
                .param("past", Timestamps.toDb(Instant.EPOCH))
                .update());
    }

    /** The keys ({@link #keyOf}) of the leases this instance holds. */
    Set<String> heldHere() {
        return new HashSet<>(jdbc.sql("SELECT loop_key FROM loop_leases WHERE instance_id = :me")
                .param("me", me.value())
                .query(String.class)
                .list());
    }

    /** The holder of the loop's lease, null when nobody holds it. */
    @Nullable
    Holder holder(LoopKey key) {
        return jdbc.sql("SELECT instance_id, process_scope, pid, expires_at FROM loop_leases WHERE loop_key = :key")
                .param("key", keyOf(key))
                .query(LoopLeases::holder)
                .optional()
                .orElse(null);
    }

    /** Every lease, this instance's too. */
    List<Lease> all() {
        return jdbc.sql("""
                        SELECT project_id, task_id, subtask_id, instance_id, process_scope, pid, expires_at
                        FROM loop_leases""")
                .query((rs, row) -> new Lease(key(rs), holder(rs, row)))
                .list();
    }

    /** Leases of the task's loops held by other instances. */
    List<Lease> othersOfTask(TaskId taskId) {
        return others("task_id", taskId.value());
    }

    /** Leases of the project's loops held by other instances. */
    List<Lease> othersOfProject(ProjectId projectId) {
        return others("project_id", projectId.value());
    }

    private List<Lease> others(String column, UUID id) {
        return jdbc.sql("SELECT project_id, task_id, subtask_id, instance_id, process_scope, pid, expires_at"
                        + " FROM loop_leases WHERE " + column + " = :id AND instance_id <> :me")
                .param("id", id)
                .param("me", me.value())
                .query((rs, row) -> new Lease(key(rs), holder(rs, row)))
                .list();
    }

    /** Removes a lease of a gone holder whose loop has nothing left to do. */
    void forget(LoopKey key, Holder gone) {
        write(() -> jdbc.sql("DELETE FROM loop_leases WHERE loop_key = :key AND instance_id = :instance AND pid = :pid")
                .param("key", keyOf(key))
                .param("instance", gone.instanceId())
                .param("pid", gone.pid())
                .update());
    }

    /** True when the holder died: its lease expired, or its process on this host is gone. */
    boolean isGone(Holder holder) {
        return holder.expiresAt().isBefore(Timestamps.now())
                || ProcessScope.isGone(scope, holder.processScope(), holder.pid());
    }

    /** True when the holder is another instance that is alive. */
    boolean isOtherLive(@Nullable Holder holder) {
        return holder != null && !holder.instanceId().equals(me.value()) && !isGone(holder);
    }

    private <T> T write(Supplier<T> action) {
        return java.util.Objects.requireNonNull(ownTransaction.execute(status -> action.get()));
    }

    private static LoopKey key(ResultSet rs) throws SQLException {
        UUID subtask = rs.getObject("subtask_id", UUID.class);
        return new LoopKey(
                new ProjectId(rs.getObject("project_id", UUID.class)),
                new TaskId(rs.getObject("task_id", UUID.class)),
                subtask == null ? null : new SubtaskId(subtask));
    }

    private static Holder holder(ResultSet rs, int row) throws SQLException {
        return new Holder(
                rs.getString("instance_id"),
                rs.getString("process_scope"),
                rs.getLong("pid"),
                Timestamps.readRequired(rs, "expires_at"));
    }
}
