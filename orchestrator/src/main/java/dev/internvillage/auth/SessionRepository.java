package dev.internvillage.auth;

import dev.internvillage.common.Timestamps;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Server-side sessions (V030 {@code user_sessions}), keyed by the hash of the cookie's id. */
@Repository
class SessionRepository {

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String idHash, UserId user, Instant createdAt, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO user_sessions (id_hash, user_id, created_at, expires_at)
                        VALUES (:idHash, :user, :createdAt, :expiresAt)""")
                .param("idHash", idHash)
                .param("user", user.value())
                .param("createdAt", Timestamps.toDb(createdAt))
                .param("expiresAt", Timestamps.toDb(expiresAt))
                .update();
    }

    Optional<UserId> findUser(String idHash, Instant now) {
        return jdbc.sql("SELECT user_id FROM user_sessions WHERE id_hash = :idHash AND expires_at > :now")
                .param("idHash", idHash)
                .param("now", Timestamps.toDb(now))
                .query((rs, row) -> new UserId(rs.getObject("user_id", UUID.class)))
                .optional();
    }

    int delete(String idHash) {
        return jdbc.sql("DELETE FROM user_sessions WHERE id_hash = :idHash")
                .param("idHash", idHash)
                .update();
    }

    int deleteAllOf(UserId user) {
        return jdbc.sql("DELETE FROM user_sessions WHERE user_id = :user")
                .param("user", user.value())
                .update();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM user_sessions WHERE expires_at <= :now")
                .param("now", Timestamps.toDb(now))
                .update();
    }
}
