package dev.internvillage.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.common.Timestamps;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class AuthApiTests extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SessionPruner pruner;

    @Test
    void withoutASessionEveryRequestActsAsTheLocalUser() {
        ApiResponse me = localUser().get("/api/auth/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.id()).isEqualTo(users.localUser().id().toString());
        assertThat(me.json().path("github_username").asString()).isEqualTo("local");
        assertThat(me.json().has("github_token_encrypted")).isFalse();
    }

    @Test
    void aSessionCookieActsAsItsUser() {
        User other = users.create("octocat");

        ApiResponse me = as(other).get("/api/auth/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.id()).isEqualTo(other.id().toString());
        assertThat(me.json().path("github_username").asString()).isEqualTo("octocat");
    }

    @Test
    void aTamperedOrUnknownCookieIsRefusedNotDowngradedToTheLocalUser() {
        User other = users.create("victim");
        String valid = sessionCookies.mint(other.id(), false).getValue();
        String flipped = (valid.charAt(0) == 'A' ? "B" : "A") + valid.substring(1);
        String unknownButWellFormed = "A".repeat(valid.length());

        for (String cookie : new String[] {flipped, valid + "x", valid.substring(1), unknownButWellFormed, "garbage"}) {
            ApiResponse response = new Api(baseUrl(), SessionCookies.NAME + "=" + cookie).get("/api/projects");
            assertThat(response.status()).as(cookie).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(new Api(baseUrl(), SessionCookies.NAME + "=" + valid)
                        .get("/api/auth/me")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theCookieCarriesOnlyARandomIdAndTheDatabaseOnlyItsKeyedHash() {
        User user = users.create("hashed");
        String id = sessionCookies.mint(user.id(), false).getValue();

        assertThat(id)
                .matches("[A-Za-z0-9_-]{43}")
                .doesNotContain(user.id().value().toString());
        List<String> stored = jdbc.sql("SELECT id_hash FROM user_sessions WHERE user_id = :user")
                .param("user", user.id().value())
                .query(String.class)
                .list();
        assertThat(stored).hasSize(1).doesNotContain(id);
    }

    @Test
    void logoutExpiresTheCookieAndEndsTheSession() {
        Api user = newUser();
        ApiResponse logout = user.post("/api/auth/logout");

        assertThat(logout.status()).isEqualTo(204);
        String setCookie = logout.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(SessionCookies.NAME + "=;").contains("Max-Age=0", "HttpOnly", "SameSite=Lax");
        ApiResponse replayed = user.get("/api/auth/me");
        assertThat(replayed.status()).as("the cookie replayed after sign-out").isEqualTo(401);
        assertThat(replayed.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(localUser().post("/api/auth/logout").status())
                .as("without a session there is nothing to end")
                .isEqualTo(204);
    }

    @Test
    void logoutAllEndsEverySessionOfTheUserAndNoOtherUsers() {
        User user = users.create("many-browsers");
        Api first = as(user);
        Api second = as(user);
        Api bystander = newUser();

        assertThat(first.post("/api/auth/logout-all").status()).isEqualTo(204);

        assertThat(first.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(second.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(bystander.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(as(user).get("/api/auth/me").status())
                .as("a later sign-in works")
                .isEqualTo(200);
    }

    @Test
    void expiredSessionsAreRefusedAndPruned() {
        User user = users.create("expiring");
        Api api = as(user);
        jdbc.sql("UPDATE user_sessions SET expires_at = :past WHERE user_id = :user")
                .param("past", Timestamps.toDb(Instant.now().minusSeconds(1)))
                .param("user", user.id().value())
                .update();

        assertThat(api.get("/api/auth/me").status()).isEqualTo(401);
        pruner.prune();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM user_sessions WHERE user_id = :user")
                        .param("user", user.id().value())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void mintedCookiesAreHttpOnlyAndLax() {
        String cookie = sessionCookies.mint(users.localUser().id(), true).toString();

        assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Secure", "Path=/");
    }

    @Test
    void gitHubSignInAnswersThatItIsOffInLocalMode() {
        for (String path : new String[] {"/api/auth/github", "/api/auth/github/callback?code=x&state=y"}) {
            ApiResponse response = localUser().get(path);

            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
            assertThat(response.errorMessage()).isEqualTo("GitHub sign-in is off: AUTH_MODE is local");
            assertThat(response.headers().firstValue("Set-Cookie"))
                    .as("no session is started")
                    .isEmpty();
        }
    }
}
