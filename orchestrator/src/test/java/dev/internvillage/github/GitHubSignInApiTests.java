package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** GitHub sign-in over real HTTP through the fake GitHub: the round trip and every refusal. */
class GitHubSignInApiTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void signInRoundTripSetsASessionCookieAndLogoutClearsIt() {
        FakeGitHub.User octo = gitHubUser("octo");

        SignIn signIn = signInSteps(octo);

        // GIVEN the start redirects to GitHub's authorize page with our client, scopes and a state
        String authorize = location(signIn.start());
        assertThat(authorize).startsWith(GITHUB.url() + "/login/oauth/authorize?");
        Map<String, String> query = query(authorize);
        assertThat(query.get("client_id")).isEqualTo(FakeGitHub.CLIENT_ID);
        assertThat(query.get("scope")).isEqualTo("read:user repo");
        assertThat(query.get("state")).isNotBlank();
        assertThat(query.get("redirect_uri")).isEqualTo(baseUrl() + "/api/auth/github/callback");
        // THEN the callback signs in and goes home with an HttpOnly, Lax, expiring session cookie
        assertThat(location(signIn.callback())).isIn("/", baseUrl() + "/");
        assertThat(setCookie(signIn.callback(), "iv_session"))
                .contains("HttpOnly", "SameSite=Lax", "Max-Age=", "Path=/")
                .doesNotContain("Secure"); // plain http here; https adds Secure
        Api api = new Api(baseUrl(), "iv_session=" + signIn.sessionCookie());
        ApiResponse me = api.get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("github_username").asString()).isEqualTo(octo.login());
        assertThat(me.json().path("avatar_url").asString()).contains("/avatars/u/" + octo.id());
        assertThat(me.body()).doesNotContain(octo.token());
        // the code was exchanged with our client credentials (basic auth), asking for JSON
        FakeGitHub.Recorded exchange =
                GITHUB.requests("POST", "/login/oauth/access_token").getLast();
        assertThat(exchange.headers().get("authorization")).startsWith("Basic ");
        assertThat(exchange.headers().get("accept")).contains("application/json");

        ApiResponse logout = api.post("/api/auth/logout");
        assertThat(logout.status()).isEqualTo(204);
        assertThat(setCookie(logout, "iv_session")).startsWith("iv_session=;").contains("Max-Age=0");
        assertThat(new Api(baseUrl(), null).get("/api/auth/me").status()).isEqualTo(401);
        // a copy of the cookie kept after sign-out (another tab, a thief) is worthless: the session is gone
        ApiResponse replayed = api.get("/api/auth/me");
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.errorCode()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void theSignInIsTiedToTheBrowserByACookieNotAServletSession() {
        SignIn signIn = signInSteps(gitHubUser("binding"));

        assertThat(setCookie(signIn.start(), SIGN_IN_COOKIE))
                .contains("HttpOnly", "SameSite=Lax", "Path=/api/auth/", "Max-Age=600");
        assertThat(signIn.start().headers().allValues("Set-Cookie"))
                .as("no servlet session")
                .noneMatch(c -> c.startsWith("JSESSIONID="));
        assertThat(signIn.callback().headers().allValues("Set-Cookie"))
                .as("the used binding is dropped, no servlet session is made")
                .anyMatch(c -> c.startsWith(SIGN_IN_COOKIE + "=;") && c.contains("Max-Age=0"))
                .noneMatch(c -> c.startsWith("JSESSIONID="));
    }

    @Test
    void signingInGivesANewSessionIdAndEndsTheOneTheBrowserCameWith() {
        FakeGitHub.User user = gitHubUser("rotate");
        String before = signInSteps(user).sessionCookie();

        GITHUB.signInBrowserAs(user);
        ApiResponse start = get(baseUrl() + "/api/auth/github", null);
        ApiResponse authorize = get(location(start), null);
        ApiResponse callback = get(location(authorize), signInCookie(start) + "; iv_session=" + before);
        String after = cookie(callback, "iv_session");

        assertThat(after).isNotEqualTo(before);
        assertThat(new Api(baseUrl(), "iv_session=" + after).get("/api/auth/me").status())
                .isEqualTo(200);
        assertThat(new Api(baseUrl(), "iv_session=" + before)
                        .get("/api/auth/me")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void signingOutEverywhereEndsEveryBrowsersSessionOfThatUserOnly() {
        FakeGitHub.User user = gitHubUser("everywhere");
        Api laptop = signIn(user);
        Api phone = signIn(user);
        Api someoneElse = signIn(gitHubUser("bystander"));
        assertThat(phone.get("/api/auth/me").status()).isEqualTo(200);

        ApiResponse logoutAll = laptop.post("/api/auth/logout-all");

        assertThat(logoutAll.status()).isEqualTo(204);
        assertThat(setCookie(logoutAll, "iv_session"))
                .startsWith("iv_session=;")
                .contains("Max-Age=0");
        assertThat(laptop.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(phone.get("/api/auth/me").status()).as("the other browser").isEqualTo(401);
        assertThat(someoneElse.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(new Api(baseUrl(), null).post("/api/auth/logout-all").status())
                .as("nobody to sign out")
                .isEqualTo(401);
    }

    @Test
    void signingInAgainUpdatesTheSameUser() {
        FakeGitHub.User octo = gitHubUser("again");
        String first = signIn(octo).get("/api/auth/me").id();

        assertThat(signIn(octo).get("/api/auth/me").id()).isEqualTo(first);
    }

    @Test
    void withoutASessionEverythingIs401() {
        Api anonymous = new Api(baseUrl(), null);

        for (String path : List.of("/api/auth/me", "/api/projects")) {
            ApiResponse response = anonymous.get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(anonymous.post("/api/projects/demo").status()).isEqualTo(401);
    }

    @Test
    void aTamperedOrForeignCookieIs401() {
        String valid = signInSteps(gitHubUser("tamper")).sessionCookie();
        String otherKey = "00000000-0000-0000-0000-000000000001.9999999999.AAAA";
        // the first character replaced by another one (a random token starts with 'x' one time in 64)
        String firstChanged = (valid.charAt(0) == 'x' ? "y" : "x") + valid.substring(1);

        for (String cookie : List.of(valid + "x", firstChanged, otherKey, "garbage")) {
            ApiResponse response = new Api(baseUrl(), "iv_session=" + cookie).get("/api/auth/me");
            assertThat(response.status()).as(cookie).isEqualTo(401);
        }
    }

    @Test
    void aForgedStateIsRefused() {
        FakeGitHub.User victim = gitHubUser("victim");
        GITHUB.signInBrowserAs(victim);
        ApiResponse start = get(baseUrl() + "/api/auth/github", null);
        String callback = location(get(location(start), null));

        String forged = callback.replaceAll("state=[^&]+", "state=forged-state");
        ApiResponse response = get(forged, signInCookie(start));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(response.headers().allValues("Set-Cookie"))
                .noneMatch(c -> c.startsWith("iv_session=") && !c.startsWith("iv_session=;"));
        // and a callback without the browser's own binding (an attacker's link) is refused too,
        assertThat(get(callback, null).status()).isEqualTo(401);
        // as is one carrying the attacker's binding of another sign-in with the victim's state
        ApiResponse attackers = get(baseUrl() + "/api/auth/github", null);
        assertThat(get(callback, signInCookie(attackers)).status()).isEqualTo(401);
        // while the victim's own browser can still finish
        assertThat(get(callback, signInCookie(start)).status()).isEqualTo(302);
    }

    @Test
    void aReplayedCodeIsRefused() {
        FakeGitHub.User user = gitHubUser("replay");
        SignIn first = signInSteps(user);
        assertThat(first.callback().status()).isEqualTo(302);
        String usedCode = query(location(first.authorize())).get("code");

        // the same callback again: its state was used up
        assertThat(get(location(first.authorize()), signInCookie(first.start())).status())
                .isEqualTo(401);
        // a fresh flow (valid state) carrying the used code: GitHub refuses the exchange
        ApiResponse start = get(baseUrl() + "/api/auth/github", null);
        String state = query(location(start)).get("state");
        ApiResponse replay =
                get(baseUrl() + "/api/auth/github/callback?code=" + usedCode + "&state=" + state, signInCookie(start));

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.errorMessage()).contains("GitHub sign-in failed");
    }

    @Test
    void aCrossSitePostIsRefusedEvenWithAValidSession() throws Exception {
        Api api = signIn(gitHubUser("csrf"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/auth/logout"))
                .header("Cookie", api.cookie())
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);

        HttpRequest create = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/projects"))
                .header("Cookie", api.cookie())
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"repo_url\":\"github.com/a/b\"}"))
                .build();
        assertThat(HttpClient.newHttpClient()
                        .send(create, HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.get("/api/auth/me").status()).as("still signed in").isEqualTo(200);
    }

    @Test
    void theTokenIsStoredEncryptedWithAFreshNonce() {
        FakeGitHub.User one = gitHubUser("crypt");
        signIn(one);
        String firstStored = storedToken(one);
        signIn(one);
        String secondStored = storedToken(one);

        assertThat(firstStored).startsWith("v1:").doesNotContain(one.token());
        assertThat(secondStored).isNotEqualTo(firstStored); // same token, new nonce
        String dump = jdbc.sql("SELECT * FROM users").query().listOfRows().toString();
        assertThat(dump).contains(one.login()).doesNotContain(one.token());
    }

    private String storedToken(FakeGitHub.User user) {
        return jdbc.sql("SELECT github_token_encrypted FROM users WHERE github_username = :login")
                .param("login", user.login())
                .query(String.class)
                .single();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return params;
    }
}
