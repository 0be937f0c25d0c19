package dev.internvillage.task;

import dev.internvillage.common.Timestamps;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The follow-up columns of {@code subtasks} and the handled pull request reviews. Kept apart from
 * {@link SubtaskRepository}: callers hold the parent task's lock (see {@link TaskRepository#lock}).
 */
@Repository
class FollowUpRepository {

    private final JdbcClient jdbc;

    FollowUpRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    FollowUpState find(SubtaskId id) {
        return jdbc.sql("SELECT follow_up_reason, follow_up_details, automatic_follow_ups FROM subtasks WHERE id = :id")
                .param("id", id.value())
                .query((rs, n) -> state(
                        rs.getString("follow_up_reason"),
                        rs.getString("follow_up_details"),
                        rs.getInt("automatic_follow_ups")))
                .optional()
                .orElse(FollowUpState.NONE);
    }

    Map<SubtaskId, FollowUpState> findByTask(TaskId taskId) {
        Map<SubtaskId, FollowUpState> result = new HashMap<>();
        jdbc.sql("SELECT id, follow_up_reason, follow_up_details, automatic_follow_ups FROM subtasks"
                        + " WHERE task_id = :task")
                .param("task", taskId.value())
                .query(rs -> {
                    result.put(
                            new SubtaskId(rs.getObject("id", UUID.class)),
                            state(
                                    rs.getString("follow_up_reason"),
                                    rs.getString("follow_up_details"),
                                    rs.getInt("automatic_follow_ups")));
                });
        return result;
    }

    void save(SubtaskId id, FollowUpState state) {
        jdbc.sql("""
                        UPDATE subtasks SET follow_up_reason = :reason, follow_up_details = :details,
                            automatic_follow_ups = :count
                        WHERE id = :id""")
                .param("reason", state.reason() == null ? null : state.reason().wireName())
                .param("details", state.details())
                .param("count", state.automaticFollowUps())
                .param("id", id.value())
                .update();
    }

    /** Records the forge's item (a review, a check run) as handled; false when it already was. */
    boolean markHandled(SubtaskId id, ForgeItem item) {
        int rows = jdbc.sql("""
                        INSERT INTO handled_forge_items (subtask_id, kind, item_id, handled_at)
                        SELECT :id, :kind, :item, :at FROM subtasks WHERE id = :id AND NOT EXISTS (
                            SELECT 1 FROM handled_forge_items
                            WHERE subtask_id = :id AND kind = :kind AND item_id = :item)""")
                .param("id", id.value())
                .param("kind", item.kind().wireName())
                .param("item", item.id())
                .param("at", Timestamps.toDb(Timestamps.now()))
                .update();
        return rows > 0;
    }

    boolean isHandled(SubtaskId id, ForgeItem item) {
        return jdbc.sql("SELECT COUNT(*) FROM handled_forge_items"
                                + " WHERE subtask_id = :id AND kind = :kind AND item_id = :item")
                        .param("id", id.value())
                        .param("kind", item.kind().wireName())
                        .param("item", item.id())
                        .query(Long.class)
                        .single()
                > 0;
    }

    private static FollowUpState state(@Nullable String reason, @Nullable String details, int count) {
        return new FollowUpState(reason == null ? null : FollowUpReason.fromWire(reason), details, count);
    }
}
