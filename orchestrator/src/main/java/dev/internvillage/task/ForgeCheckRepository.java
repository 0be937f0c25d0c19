package dev.internvillage.task;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code forge_checks} column of {@code subtasks}: the last summary of the forge's checks on a
 * completed subtask's head commit, as JSON. Kept apart from {@link SubtaskRepository} and the
 * {@link Subtask} record: only the API and the forge's sync read or write it. Writes do not touch
 * the version, so a move made meanwhile does not fail on them; callers hold the task's lock.
 */
@Repository
class ForgeCheckRepository {

    private static final Logger log = LoggerFactory.getLogger(ForgeCheckRepository.class);
    private static final TypeReference<List<ForgeCheck>> LIST = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ForgeCheckRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The subtask's checks; empty when none were read. */
    List<ForgeCheck> find(SubtaskId id) {
        List<@Nullable String> rows = jdbc.sql("SELECT forge_checks FROM subtasks WHERE id = :id")
                .param("id", id.value())
                .query((rs, n) -> rs.getString("forge_checks"))
                .list();
        return rows.isEmpty() ? List.of() : parse(rows.getFirst());
    }

    /** The checks of the task's subtasks that have some. */
    Map<SubtaskId, List<ForgeCheck>> findByTask(TaskId taskId) {
        Map<SubtaskId, List<ForgeCheck>> result = new HashMap<>();
        jdbc.sql("SELECT id, forge_checks FROM subtasks WHERE task_id = :task AND forge_checks IS NOT NULL")
                .param("task", taskId.value())
                .query(rs -> {
                    result.put(new SubtaskId(rs.getObject("id", UUID.class)), parse(rs.getString("forge_checks")));
                });
        return result;
    }

    void save(SubtaskId id, List<ForgeCheck> checks) {
        jdbc.sql("UPDATE subtasks SET forge_checks = :checks WHERE id = :id")
                .param("checks", json.writeValueAsString(checks))
                .param("id", id.value())
                .update();
    }

    /** Forgets the subtask's checks (a no-op write is skipped: every move calls this). */
    void clear(SubtaskId id) {
        jdbc.sql("UPDATE subtasks SET forge_checks = NULL WHERE id = :id AND forge_checks IS NOT NULL")
                .param("id", id.value())
                .update();
    }

    private List<ForgeCheck> parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return List.copyOf(json.readValue(text, LIST));
        } catch (JacksonException e) {
            // only this class writes the column; an unreadable value is shown as none, and the next read replaces it
            log.warn("Unreadable forge checks ignored: {}", e.getMessage());
            return List.of();
        }
    }
}
