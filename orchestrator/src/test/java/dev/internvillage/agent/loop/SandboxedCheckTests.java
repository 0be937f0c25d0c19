package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.AgentSandbox;
import dev.internvillage.agent.process.OutputRenderer;
import dev.internvillage.agent.runtime.AgentRuntime;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import dev.internvillage.testing.GitFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * A project's check command runs the agent's code, so with {@code AGENT_SANDBOX=bwrap} it is confined
 * exactly like the agent: it works in the worktree but cannot read or write the rest of the data
 * directory. Real bubblewrap.
 */
class SandboxedCheckTests {

    @TempDir
    Path tmp;

    @Test
    void aCheckRunsInTheAgentsSandbox() throws Exception {
        Path dataDir = tmp.resolve("data");
        Path worktree = GitFixtures.repositoryWithCommit(dataDir.resolve("projects/p/worktrees/s1"), "main");
        Path output = Files.createDirectories(dataDir.resolve("logs/p/t/s1/agent-files"));
        Path secret = Files.writeString(dataDir.resolve("session-secret"), "top secret");
        MockEnvironment env = new MockEnvironment().withProperty("AGENT_SANDBOX", "bwrap");
        AgentSettings settings = new AgentSettings(new Settings(env));
        AgentSandbox sandbox = bwrapSandbox(settings, dataDir);
        assertThat(sandbox.confines()).isTrue();
        AgentCommands commands = new AgentCommands(settings, sandbox);

        String check = """
                echo checked > CHECKED && echo "worktree written"
                cat %s || echo "secret refused"
                touch %s
                echo "on stderr" >&2
                """.formatted(secret, dataDir.resolve("pwned-by-check"));
        Run run;
        try (AgentSandbox.Prepared prepared = commands.prepareCheck(
                new NoRuntime(), check, worktree, output, Map.of(), Map.of("IV_WORKDIR", worktree.toString()))) {
            assertThat(prepared.command().getFirst()).endsWith("bwrap");
            run = run(prepared, worktree);
        }

        assertThat(run.output())
                .contains("worktree written", "secret refused", "on stderr")
                .doesNotContain("top secret");
        assertThat(worktree.resolve("CHECKED")).hasContent("checked");
        // a write elsewhere lands in the sandbox's throw-away directories, never on the host
        assertThat(dataDir.resolve("pwned-by-check")).doesNotExist();
    }

    /** CI installs bubblewrap; elsewhere a machine without it skips this test rather than failing it. */
    private static AgentSandbox bwrapSandbox(AgentSettings settings, Path dataDir) {
        try {
            return new AgentSandbox(settings, new DataDirectory(dataDir));
        } catch (InvalidSettingException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort("bubblewrap does not work here: " + e.getMessage());
            throw e;
        }
    }

    private record Run(int exitCode, String output) {}

    private static Run run(AgentSandbox.Prepared prepared, Path workdir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(prepared.command()).directory(workdir.toFile());
        builder.environment().clear();
        builder.environment().putAll(prepared.env());
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), text);
    }

    /** The check never uses the runtime's own command; only its environment would matter. */
    private static final class NoRuntime implements AgentRuntime {
        @Override
        public List<String> command(AgentType role, Map<String, String> env) {
            throw new AssertionError("a check does not start the agent");
        }

        @Override
        public OutputRenderer newRenderer() {
            throw new AssertionError("a check has its own renderer");
        }
    }
}
