package dev.internvillage.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.agent.AgentSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code AGENT_SANDBOX=none} the same hostile agent succeeds at every attack: proof that the
 * checks of {@link SandboxedHostileAgentTests} can fail.
 */
class UnsandboxedHostileAgentTests extends HostileAgentTestBase {

    private static final Path DATA_DIR = createDataDir();

    @Autowired
    private AgentSandbox sandbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hostileAgent(registry, DATA_DIR, "none");
    }

    @Test
    void withoutTheSandboxAHostileAgentSucceedsAtEveryAttack() throws Exception {
        assertThat(sandbox.mode()).isEqualTo(AgentSettings.Sandbox.NONE);
        assertThat(newUser()
                        .get("/api/settings")
                        .json()
                        .path("agents")
                        .path("sandbox")
                        .asString())
                .isEqualTo("none");
        Attack attack = attack(DATA_DIR);

        for (String name : ATTACKS) {
            if (name.equals("shadow") && !Files.isReadable(Path.of("/etc/shadow"))) {
                continue; // only root reads it, sandbox or not
            }
            assertThat(attack.outcomes().get(name))
                    .as("%s: %s", name, attack.evidence().get(name))
                    .isEqualTo("ok");
        }
        assertThat(attack.evidence().get("session-secret"))
                .isEqualTo(Files.readString(DATA_DIR.resolve("session-secret")).strip());
        assertThat(DATA_DIR.resolve("pwned-by-agent")).isRegularFile();
        assertThat(attack.origin().resolve("pwned-by-agent")).isRegularFile();
        await("the background process outlives the run and leaves its mark")
                .atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(attack.survivorMarker()));
    }
}
