package dev.internvillage.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.testing.AgentScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With {@code AGENT_SANDBOX=bwrap} every attack of the hostile agent fails. */
class SandboxedHostileAgentTests extends HostileAgentTestBase {

    private static final Path DATA_DIR = createDataDir();

    @Autowired
    private AgentSandbox sandbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hostileAgent(registry, DATA_DIR, "bwrap");
    }

    /** CI installs bubblewrap; elsewhere a machine without it skips this test rather than failing it. */
    @BeforeAll
    static void bubblewrapWorks() {
        String problem = AgentSandbox.probe(AgentProcess.findExecutable("bwrap", System.getenv("PATH")));
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(problem == null, "bubblewrap does not work here: " + problem);
        }
    }

    @Test
    void everyAttackOfAHostileAgentFailsInTheSandbox() throws Exception {
        assertThat(sandbox.mode()).isEqualTo(AgentSettings.Sandbox.BWRAP);
        assertThat(newUser()
                        .get("/api/settings")
                        .json()
                        .path("agents")
                        .path("sandbox")
                        .asString())
                .isEqualTo("bwrap");
        Attack attack = attack(DATA_DIR);

        assertThat(Files.list(DATA_DIR.resolve("db")).toList())
                .as("there is a database file to read")
                .isNotEmpty();
        assertThat(DATA_DIR.resolve("session-secret")).isRegularFile();
        for (String name : ATTACKS) {
            if (!name.startsWith("write-")) {
                assertThat(attack.outcomes().get(name))
                        .as("%s: %s", name, attack.evidence().get(name))
                        .isEqualTo("denied");
            }
        }
        // a write inside the sandbox lands in its own throw-away directories, never on the host
        assertThat(DATA_DIR.resolve("pwned-by-agent")).doesNotExist();
        assertThat(attack.origin().resolve("pwned-by-agent")).doesNotExist();

        await("nothing of the run is left running")
                .atMost(Duration.ofSeconds(5))
                .until(() -> AgentScripts.processesOf(attack.runId()).isEmpty());
        await("the background process never wakes up to leave its mark")
                .during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(6))
                .until(() -> !Files.exists(attack.survivorMarker()));
    }
}
