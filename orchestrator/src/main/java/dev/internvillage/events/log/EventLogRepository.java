package dev.internvillage.events.log;

import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The per-project event log and its sequence counters (V020). */
@Repository
class EventLogRepository {

    private final JdbcClient jdbc;

    EventLogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the next {@code count} sequence numbers of the project and returns the last one. Runs in
     * the caller's transaction and keeps the counter row locked until it ends, so another transaction
     * of the same project waits here and its numbers commit after these.
     */
    long allocate(ProjectId projectId, int count) {
        if (increment(projectId, count) == 0) {
            // first event of the project; a concurrent first insert waits for ours (or we for it)
            jdbc.sql("""
                            INSERT INTO project_event_counters (project_id, last_seq) VALUES (:project, 0)
                            ON CONFLICT DO NOTHING""").param("project", projectId.value()).update();
            if (increment(projectId, count) == 0) {
                throw new IllegalStateException("no event counter for project " + projectId);
            }
        }
        return jdbc.sql("SELECT last_seq FROM project_event_counters WHERE project_id = :project")
                .param("project", projectId.value())
                .query(Long.class)
                .single();
    }

    private int increment(ProjectId projectId, int count) {
        return jdbc.sql("UPDATE project_event_counters SET last_seq = last_seq + :count WHERE project_id = :project")
                .param("count", count)
                .param("project", projectId.value())
                .update();
    }

    void insert(ProjectEvent event, Instant at) {
        jdbc.sql("""
                        INSERT INTO project_events (project_id, seq, event_type, payload, created_at)
                        VALUES (:project, :seq, :type, :payload, :at)""")
                .param("project", event.projectId().value())
                .param("seq", event.seq())
                .param("type", event.type())
                .param("payload", event.data())
                .param("at", Timestamps.toDb(at))
                .update();
    }

    /** The last committed sequence number of the project (0 before its first event). */
    long head(ProjectId projectId) {
        return jdbc.sql("SELECT last_seq FROM project_event_counters WHERE project_id = :project")
                .param("project", projectId.value())
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** Up to {@code limit} events after {@code after}, in order. */
    List<ProjectEvent> after(ProjectId projectId, long after, long upTo, int limit) {
        return jdbc.sql("""
                        SELECT seq, event_type, payload FROM project_events
                        WHERE project_id = :project AND seq > :after AND seq <= :upTo
                        ORDER BY seq LIMIT :limit""")
                .param("project", projectId.value())
                .param("after", after)
                .param("upTo", upTo)
                .param("limit", limit)
                .query((rs, row) -> new ProjectEvent(
                        projectId, rs.getLong("seq"), rs.getString("event_type"), rs.getString("payload")))
                .list();
    }

    /** Deletes events older than {@code cutoff}; the counters stay, so numbers are never reused. */
    int pruneOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM project_events WHERE created_at < :cutoff")
                .param("cutoff", Timestamps.toDb(cutoff))
                .update();
    }

    /** For tests: the number of events stored for a project. */
    long count(UUID projectId) {
        return jdbc.sql("SELECT COUNT(*) FROM project_events WHERE project_id = :project")
                .param("project", projectId)
                .query(Long.class)
                .single();
    }
}
