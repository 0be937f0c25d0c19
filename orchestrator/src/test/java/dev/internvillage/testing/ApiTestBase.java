package dev.internvillage.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app on a random port over real HTTP, on the database chosen by {@link TestDatabase}. All
 * subclasses share one application context. Tests act as a fresh user each ({@link #newUser()}), so
 * they never see each other's data even though the context is shared.
 */
/**
 * The app on a random port over real HTTP, on the database chosen by {@link TestDatabase}, with
 * agents switched off: these tests drive plans and subtasks by hand. All subclasses share one
 * application context. Tests act as a fresh user each ({@link #newUser()}), so they never see each
 * other's data even though the context is shared.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FailureInjector.class)
@Tag("database")
@ExtendWith(DatabaseAvailable.class)
public abstract class ApiTestBase extends AppTestBase {

    private static final Path DATA_DIR = createDataDir();

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
}
