package dev.internvillage.auth;

import dev.internvillage.common.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<User> find(UserId id) {
        return jdbc.sql("""
                        SELECT id, github_id, github_username, avatar_url, created_at
                        FROM users WHERE id = :id""").param("id", id.value()).query(UserRepository::map).optional();
    }

    /** Inserts the user unless one with that id exists; safe when two starts race. */
    void insertIfAbsent(UserId id, String username, Instant now) {
        jdbc.sql("""
                        INSERT INTO users (id, github_username, created_at, updated_at)
                        VALUES (:id, :username, :now, :now)
                        ON CONFLICT DO NOTHING""")
                .param("id", id.value())
                .param("username", username)
                .param("now", Timestamps.toDb(now))
                .update();
    }

    Optional<UserId> findByGitHubId(long githubId) {
        return jdbc.sql("SELECT id FROM users WHERE github_id = :githubId")
                .param("githubId", githubId)
                .query((rs, row) -> new UserId(rs.getObject("id", UUID.class)))
                .optional();
    }

    void insertGitHubUser(UserId id, long githubId, String username, @Nullable String avatarUrl, Instant now) {
        jdbc.sql("""
                        INSERT INTO users (id, github_id, github_username, avatar_url, created_at, updated_at)
                        VALUES (:id, :githubId, :username, :avatar, :now, :now)""")
                .param("id", id.value())
                .param("githubId", githubId)
                .param("username", username)
                .param("avatar", avatarUrl)
                .param("now", Timestamps.toDb(now))
                .update();
    }

    /** The profile as GitHub shows it now and the newly issued token (already encrypted). */
    void updateGitHubUser(UserId id, String username, @Nullable String avatarUrl, String encryptedToken, Instant now) {
        jdbc.sql("""
                        UPDATE users SET github_username = :username, avatar_url = :avatar,
                            github_token_encrypted = :token, updated_at = :now
                        WHERE id = :id""")
                .param("id", id.value())
                .param("username", username)
                .param("avatar", avatarUrl)
                .param("token", encryptedToken)
                .param("now", Timestamps.toDb(now))
                .update();
    }

    Optional<String> findEncryptedToken(UserId id) {
        return jdbc.sql("SELECT github_token_encrypted FROM users WHERE id = :id")
                .param("id", id.value())
                .query((rs, row) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(token -> token);
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(
                new UserId(rs.getObject("id", UUID.class)),
                Timestamps.readLong(rs, "github_id"),
                rs.getString("github_username"),
                rs.getString("avatar_url"),
                Timestamps.readRequired(rs, "created_at"));
    }
}
