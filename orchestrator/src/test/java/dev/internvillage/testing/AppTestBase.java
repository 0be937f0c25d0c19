package dev.internvillage.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.auth.SessionCookies;
import dev.internvillage.auth.User;
import dev.internvillage.auth.UserService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Helpers for tests of the app on a random port over real HTTP: users, sessions, projects and
 * tasks. Subclasses decide the app's configuration ({@link ApiTestBase}, {@link AgentTestBase}).
 */
public abstract class AppTestBase {

    @LocalServerPort
    protected int port;

    @Autowired
    protected SessionCookies sessionCookies;

    @Autowired
    protected UserService users;

    @TempDir
    protected Path tmp;

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The local user of single-user mode: requests without a session cookie. */
    protected Api localUser() {
        return new Api(baseUrl(), null);
    }

    /** A brand-new user, signed in with a session cookie minted like a real sign-in would. */
    protected Api newUser() {
        User user = users.create("user-" + UUID.randomUUID().toString().substring(0, 8));
        return as(user);
    }

    protected Api as(User user) {
        return new Api(
                baseUrl(),
                SessionCookies.NAME + "="
                        + sessionCookies.mint(user.id(), false).getValue());
    }

    /** A fresh git repository with one commit, added as a project; returns the project id. */
    protected String createProject(Api api) {
        Path repo = GitFixtures.repositoryWithCommit(tmp.resolve("repo-" + UUID.randomUUID()), "main");
        ApiResponse created = api.post("/api/projects", "{\"repo_url\":" + Api.quote(repo.toString()) + "}");
        assertThat(created.status()).as("create project: %s", created).isEqualTo(201);
        return created.id();
    }

    protected String createTask(Api api, String projectId) {
        ApiResponse created = api.post(
                "/api/projects/" + projectId + "/tasks",
                "{\"title\":\"Add due dates\",\"description\":\"Items get a due date\"}");
        assertThat(created.status()).as("create task: %s", created).isEqualTo(201);
        return created.id();
    }

    /** A new temporary directory for an app's DATA_DIR. */
    protected static Path createDataDir() {
        try {
            Path dir = Files.createTempDirectory("iv-test-data");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
