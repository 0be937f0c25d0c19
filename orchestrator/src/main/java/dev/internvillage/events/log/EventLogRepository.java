package dev.internvillage.events.log;

import dev.internvillage.auth.UserId;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The per-project event log and its sequence counters (V020), and the per-user one (V038). */
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

    /**
     * Takes the next {@code count} numbers of the user's log and returns the last one, keeping the
     * counter row locked until the transaction ends, like {@link #allocate}.
     */
    long allocateForUser(UserId user, int count) {
        if (incrementForUser(user, count) == 0) {
            jdbc.sql("""
                            INSERT INTO user_event_counters (user_id, last_seq) VALUES (:user, 0)
                            ON CONFLICT DO NOTHING""").param("user", user.value()).update();
            if (incrementForUser(user, count) == 0) {
                throw new IllegalStateException("no event counter for user " + user);
            }
        }
        return headOfUser(user);
    }

    private int incrementForUser(UserId user, int count) {
        return jdbc.sql("UPDATE user_event_counters SET last_seq = last_seq + :count WHERE user_id = :user")
                .param("count", count)
                .param("user", user.value())
                .update();
    }

    void insertForUser(UserId user, ProjectEvent event, Instant at) {
        jdbc.sql("""
                        INSERT INTO user_events (user_id, seq, project_id, event_type, payload, created_at)
                        VALUES (:user, :seq, :project, :type, :payload, :at)""")
                .param("user", user.value())
                .param("seq", event.seq())
                .param("project", event.projectId().value())
                .param("type", event.type())
                .param("payload", event.data())
                .param("at", Timestamps.toDb(at))
                .update();
    }

    /** The last committed position of the user's log (0 before its first event). */
    long headOfUser(UserId user) {
        return jdbc.sql("SELECT last_seq FROM user_event_counters WHERE user_id = :user")
                .param("user", user.value())
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** Up to {@code limit} events of the user's log in {@code (after, upTo]}, in order. */
    List<ProjectEvent> afterForUser(UserId user, long after, long upTo, int limit) {
        return jdbc.sql("""
                        SELECT seq, project_id, event_type, payload FROM user_events
                        WHERE user_id = :user AND seq > :after AND seq <= :upTo
                        ORDER BY seq LIMIT :limit""")
                .param("user", user.value())
                .param("after", after)
                .param("upTo", upTo)
                .param("limit", limit)
                .query((rs, row) -> new ProjectEvent(
                        new ProjectId(rs.getObject("project_id", UUID.class)),
                        rs.getLong("seq"),
                        rs.getString("event_type"),
                        rs.getString("payload")))
                .list();
    }

    /**
     * The last committed positions of many logs in one round trip; a log without events yet is
     * missing from the answer.
     */
    Map<EventScope, Long> heads(Collection<ProjectId> projects, Collection<UserId> users) {
        List<String> parts = new ArrayList<>(2);
        if (!projects.isEmpty()) {
            parts.add("SELECT 'p' AS kind, project_id AS id, last_seq FROM project_event_counters"
                    + " WHERE project_id IN (:projects)");
        }
        if (!users.isEmpty()) {
            parts.add("SELECT 'u' AS kind, user_id AS id, last_seq FROM user_event_counters WHERE user_id IN (:users)");
        }
        if (parts.isEmpty()) {
            return Map.of();
        }
        var statement = jdbc.sql(String.join(" UNION ALL ", parts));
        if (!projects.isEmpty()) {
            statement = statement.param(
                    "projects", projects.stream().map(ProjectId::value).toList());
        }
        if (!users.isEmpty()) {
            statement =
                    statement.param("users", users.stream().map(UserId::value).toList());
        }
        Map<EventScope, Long> heads = new HashMap<>();
        statement.query(rs -> {
            UUID id = rs.getObject("id", UUID.class);
            EventScope scope = "p".equals(rs.getString("kind"))
                    ? new EventScope.Project(new ProjectId(id))
                    : new EventScope.User(new UserId(id));
            heads.put(scope, rs.getLong("last_seq"));
        });
        return heads;
    }

    /** The owner of a project, if it still exists. */
    Optional<UserId> ownerOf(ProjectId project) {
        return jdbc.sql("SELECT owner_id FROM projects WHERE id = :project")
                .param("project", project.value())
                .query((rs, row) -> new UserId(rs.getObject("owner_id", UUID.class)))
                .optional();
    }

    /**
     * Deletes events older than {@code cutoff} from the project and user logs; the counters stay,
     * so numbers are never reused.
     */
    int pruneOlderThan(Instant cutoff) {
        int projects = jdbc.sql("DELETE FROM project_events WHERE created_at < :cutoff")
                .param("cutoff", Timestamps.toDb(cutoff))
                .update();
        int users = jdbc.sql("DELETE FROM user_events WHERE created_at < :cutoff")
                .param("cutoff", Timestamps.toDb(cutoff))
                .update();
        return projects + users;
    }

    /** For tests: the number of events stored for a project. */
    long count(UUID projectId) {
        return jdbc.sql("SELECT COUNT(*) FROM project_events WHERE project_id = :project")
                .param("project", projectId)
                .query(Long.class)
                .single();
    }
}
