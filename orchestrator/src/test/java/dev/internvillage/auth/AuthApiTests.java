package dev.internvillage.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuthApiTests extends ApiTestBase {

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
    void aTamperedCookieIsRefusedNotDowngradedToTheLocalUser() {
        User other = users.create("victim");
        String valid = sessionCookies.mint(other.id(), false).getValue();
        String forged = UUID.randomUUID() + valid.substring(valid.indexOf('.'));

        for (String cookie :
                new String[] {forged, valid + "x", "garbage", valid.substring(0, valid.lastIndexOf('.'))}) {
            ApiResponse response = new Api(baseUrl(), SessionCookies.NAME + "=" + cookie).get("/api/projects");
            assertThat(response.status()).as(cookie).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("UNAUTHORIZED");
        }
    }

    @Test
    void aCookieForAUserThatDoesNotExistIsRefused() {
        String cookie =
                sessionCookies.mint(new UserId(UUID.randomUUID()), false).getValue();

        ApiResponse response = new Api(baseUrl(), SessionCookies.NAME + "=" + cookie).get("/api/auth/me");

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void logoutExpiresTheCookie() {
        ApiResponse logout = newUser().post("/api/auth/logout");

        assertThat(logout.status()).isEqualTo(204);
        String setCookie = logout.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(SessionCookies.NAME + "=;").contains("Max-Age=0", "HttpOnly", "SameSite=Lax");
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
