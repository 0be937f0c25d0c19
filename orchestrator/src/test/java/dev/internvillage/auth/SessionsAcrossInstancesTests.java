package dev.internvillage.auth;

import static dev.internvillage.testing.github.GitHubTestBase.cookie;
import static dev.internvillage.testing.github.GitHubTestBase.get;
import static dev.internvillage.testing.github.GitHubTestBase.location;
import static dev.internvillage.testing.github.GitHubTestBase.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.InternVillageApplication;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.AppInstances;
import dev.internvillage.testing.DatabaseAvailable;
import dev.internvillage.testing.TestDatabase;
import dev.internvillage.testing.github.FakeGitHub;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two app instances on one database, as behind a load balancer without sticky sessions: each has its
 * own DATA_DIR and port, and they share only the database, the secrets and the {@code PUBLIC_URL}
 * browsers use (https at the balancer, plain http to the instances, reached here as 127.0.0.1). A session made on one is
 * known to the other, sign-out on one is seen by the other, and a GitHub sign-in started on one is
 * finished on the other. On PostgreSQL in the PostgreSQL pass; in the H2 pass on one H2 file database
 * that both open (AUTO_SERVER lets other processes in too).
 */
@Tag("database")
@ExtendWith(DatabaseAvailable.class)
class SessionsAcrossInstancesTests {

    private static final String SESSION_SECRET = "shared-session-secret-of-at-least-32-characters";
    private static final String ENCRYPTION_KEY =
            HexFormat.of().formatHex(new byte[32]).replace('0', '5');
    private static final String PUBLIC_URL = "https://iv.example.test";

    @TempDir
    static Path root;

    private static FakeGitHub github;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        github = new FakeGitHub(root.resolve("github"));
        String database = TestDatabase.isPostgres()
                ? TestDatabase.postgresDatabaseUrl("sessions-across-instances")
                : "jdbc:h2:file:" + root.resolve("shared-db/iv")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
        first = start("one", database);
        second = start("two", database);
    }

    private static ConfigurableApplicationContext start(String name, String database) {
        return new SpringApplicationBuilder(InternVillageApplication.class)
                .properties(
                        "DATA_DIR=" + root.resolve(name),
                        "DATABASE_URL=" + database,
                        "PORT=0",
                        "internvillage.agents.enabled=false",
                        "AUTH_MODE=github",
                        "GITHUB_CLIENT_ID=" + FakeGitHub.CLIENT_ID,
                        "GITHUB_CLIENT_SECRET=" + FakeGitHub.CLIENT_SECRET,
                        "GITHUB_URL=" + github.url(),
                        "GITHUB_API_URL=" + github.url(),
                        "SESSION_SECRET=" + SESSION_SECRET,
                        "ENCRYPTION_KEY=" + ENCRYPTION_KEY,
                        "PUBLIC_URL=" + PUBLIC_URL,
                        // the balancer's health checks and this test reach the instances by address
                        "ALLOWED_HOSTS=127.0.0.1")
                .run();
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {second, first}) {
            if (app != null) {
                app.close();
            }
        }
        if (github != null) {
            github.close();
        }
    }

    @Test
    void aSignInStartedOnOneInstanceIsFinishedOnTheOther() {
        FakeGitHub.User user = github.addUser("roaming");
        github.signInBrowserAs(user);

        ApiResponse start = get(AppInstances.baseUrl(first) + "/api/auth/github", null);
        String binding = "iv_sign_in=" + cookie(start, "iv_sign_in");
        assertThat(setCookie(start, "iv_sign_in")).contains("Secure");
        String callbackUrl = location(get(location(start), null));
        assertThat(callbackUrl).startsWith(PUBLIC_URL + "/api/auth/github/callback?");
        // the load balancer sends the browser's next request to the other instance
        String callbackOnSecond = AppInstances.baseUrl(second) + callbackUrl.substring(PUBLIC_URL.length());
        ApiResponse callback = get(callbackOnSecond, binding);

        assertThat(callback.status()).as("%s", callback).isEqualTo(302);
        assertThat(setCookie(callback, "iv_session"))
                .as("https at the balancer")
                .contains("Secure", "HttpOnly", "SameSite=Lax");
        String session = "iv_session=" + cookie(callback, "iv_session");
        ApiResponse onFirst = new Api(AppInstances.baseUrl(first), session).get("/api/auth/me");
        ApiResponse onSecond = new Api(AppInstances.baseUrl(second), session).get("/api/auth/me");
        assertThat(onFirst.status()).isEqualTo(200);
        assertThat(onSecond.status()).isEqualTo(200);
        assertThat(onFirst.json().path("github_username").asString()).isEqualTo(user.login());
        assertThat(onSecond.id()).isEqualTo(onFirst.id());
        // and the state was used up on the way: replaying the callback on the first instance fails
        String callbackOnFirst = AppInstances.baseUrl(first) + callbackUrl.substring(PUBLIC_URL.length());
        assertThat(get(callbackOnFirst, binding).status()).isEqualTo(401);
    }

    @Test
    void aSessionMadeOnOneInstanceWorksAndEndsOnBoth() {
        UserService users = first.getBean(UserService.class);
        User user = users.create("shared");
        String cookie = SessionCookies.NAME + "="
                + first.getBean(SessionCookies.class).mint(user.id(), false).getValue();
        Api onFirst = new Api(AppInstances.baseUrl(first), cookie);
        Api onSecond = new Api(AppInstances.baseUrl(second), cookie);
        assertThat(onSecond.get("/api/auth/me").id()).isEqualTo(user.id().toString());

        assertThat(onSecond.post("/api/auth/logout").status()).isEqualTo(204);

        assertThat(onFirst.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(onSecond.get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void signingOutEverywhereOnOneInstanceEndsSessionsMadeOnTheOther() {
        User user = first.getBean(UserService.class).create("everywhere");
        String madeOnFirst = SessionCookies.NAME + "="
                + first.getBean(SessionCookies.class).mint(user.id(), false).getValue();
        String madeOnSecond = SessionCookies.NAME + "="
                + second.getBean(SessionCookies.class).mint(user.id(), false).getValue();

        assertThat(new Api(AppInstances.baseUrl(second), madeOnFirst)
                        .post("/api/auth/logout-all")
                        .status())
                .isEqualTo(204);

        assertThat(new Api(AppInstances.baseUrl(first), madeOnSecond)
                        .get("/api/auth/me")
                        .status())
                .isEqualTo(401);
        assertThat(new Api(AppInstances.baseUrl(second), madeOnSecond)
                        .get("/api/auth/me")
                        .status())
                .isEqualTo(401);
    }
}
