package dev.internvillage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.auth.SessionCookies;
import dev.internvillage.auth.User;
import dev.internvillage.auth.UserService;
import dev.internvillage.common.Timestamps;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.AppInstances;
import dev.internvillage.testing.GitFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The embedded defaults keep everything in DATA_DIR: a restart finds the same data and sessions. */
class RestartTests {

    @TempDir
    Path dataDir;

    @TempDir
    Path repos;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(InternVillageApplication.class)
                // agents have their own restart test (AgentRestartTests); here the task stays PLANNING
                .properties("DATA_DIR=" + dataDir, "PORT=0", "internvillage.agents.enabled=false")
                .run();
    }

    @Test
    void projectsTasksUsersAndSessionsSurviveARestart() {
        String project;
        String task;
        String cookie;
        String localUserId;
        String signedOutCookie;
        UUID expiredUser;
        try (ConfigurableApplicationContext app = start()) {
            Api local = new Api(AppInstances.baseUrl(app), null);
            Path repo = GitFixtures.repositoryWithCommit(repos.resolve("kept"), "main");
            project = local.post("/api/projects", "{\"repo_url\":" + Api.quote(repo.toString()) + "}")
                    .id();
            task = local.post("/api/projects/" + project + "/tasks", "{\"title\":\"t\",\"description\":\"d\"}")
                    .id();
            localUserId = local.get("/api/auth/me").id();
            User other = app.getBean(UserService.class).create("second");
            cookie = SessionCookies.NAME + "="
                    + app.getBean(SessionCookies.class).mint(other.id(), false).getValue();
            String ended = SessionCookies.NAME + "="
                    + app.getBean(SessionCookies.class).mint(other.id(), false).getValue();
            assertThat(new Api(AppInstances.baseUrl(app), ended)
                            .post("/api/auth/logout")
                            .status())
                    .isEqualTo(204);
            signedOutCookie = ended;
            User expiring = app.getBean(UserService.class).create("expiring");
            app.getBean(SessionCookies.class).mint(expiring.id(), false);
            expiredUser = expiring.id().value();
            app.getBean(JdbcClient.class)
                    .sql("UPDATE user_sessions SET expires_at = :past WHERE user_id = :user")
                    .param("past", Timestamps.toDb(Instant.now().minusSeconds(1)))
                    .param("user", expiredUser)
                    .update();
        }

        try (ConfigurableApplicationContext app = start()) {
            Api local = new Api(AppInstances.baseUrl(app), null);
            assertThat(local.get("/api/auth/me").id()).isEqualTo(localUserId);
            assertThat(local.get("/api/projects/" + project).status()).isEqualTo(200);
            assertThat(local.get("/api/tasks/" + task).json().path("status").asString())
                    .isEqualTo("PLANNING");
            assertThat(new Api(AppInstances.baseUrl(app), cookie)
                            .get("/api/auth/me")
                            .json()
                            .path("github_username")
                            .asString())
                    .as("the session is in the database and the secret in DATA_DIR")
                    .isEqualTo("second");
            assertThat(new Api(AppInstances.baseUrl(app), signedOutCookie)
                            .get("/api/auth/me")
                            .status())
                    .as("a session ended before the restart stays ended")
                    .isEqualTo(401);
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(10))
                    .alias("expired sessions are pruned at start-up")
                    .until(() -> jdbc.sql("SELECT COUNT(*) FROM user_sessions WHERE user_id = :user")
                                    .param("user", expiredUser)
                                    .query(Integer.class)
                                    .single()
                            == 0);
        }
        assertThat(dataDir.resolve("db"))
                .isDirectoryContaining(p -> p.getFileName().toString().endsWith(".mv.db"));
    }
}
