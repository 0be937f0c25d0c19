package dev.internvillage.auth;

import dev.internvillage.common.Timestamps;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** GitHub sign-ins under way (V030 {@code oauth_sign_ins}): the stored authorization request by its state. */
@Repository
class SignInRepository {

    private final JdbcClient jdbc;

    SignInRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String state, String browserHash, String request, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO oauth_sign_ins (state, browser_hash, request, expires_at)
                        VALUES (:state, :browser, :request, :expiresAt)""")
                .param("state", state)
                .param("browser", browserHash)
                .param("request", request)
                .param("expiresAt", Timestamps.toDb(expiresAt))
                .update();
    }

    Optional<String> find(String state, String browserHash, Instant now) {
        return jdbc.sql("""
                        SELECT request FROM oauth_sign_ins
                        WHERE state = :state AND browser_hash = :browser AND expires_at > :now""")
                .param("state", state)
                .param("browser", browserHash)
                .param("now", Timestamps.toDb(now))
                .query(String.class)
                .optional();
    }

    /** Deletes the sign-in; true for the one caller that did, so a state is used at most once. */
    boolean delete(String state, String browserHash) {
        return jdbc.sql("DELETE FROM oauth_sign_ins WHERE state = :state AND browser_hash = :browser")
                        .param("state", state)
                        .param("browser", browserHash)
                        .update()
                == 1;
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM oauth_sign_ins WHERE expires_at <= :now")
                .param("now", Timestamps.toDb(now))
                .update();
    }
}
