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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app on a random port over real HTTP, on the database chosen by {@link TestDatabase}. All
 * subclasses share one application context. Tests act as a fresh user each ({@link #newUser()}), so
 * they never see each other's data even though the context is shared.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FailureInjector.class)
@Tag("database")
@ExtendWith(DatabaseAvailable.class)
public abstract class ApiTestBase {

    private static final Path DATA_DIR = createDataDir();

    @LocalServerPort
    protected int port;

    @Autowired
    protected SessionCookies sessionCookies;

    @Autowired
    protected UserService users;

    @TempDir
    protected Path tmp;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("DATA_DIR", DATA_DIR::toString);
        // these tests drive plans and subtasks by hand; agent tests use AgentTestBase
        registry.add("internvillage.agents.enabled", () -> "false");
        if (TestDatabase.isPostgres()) {
            registry.add("DATABASE_URL", TestDatabase::postgresDatabaseUrl);
        }
    }

    protected static Path dataDir() {
        return DATA_DIR;
    }

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

    private static Path createDataDir() {
        try {
            Path dir = Files.createTempDirectory("iv-test-data");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
