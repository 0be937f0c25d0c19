package dev.internvillage.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.common.DataDirectory;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * What a sandboxed agent can do to the git repository the orchestrator's own git commands use
 * afterwards (outside the sandbox), and to the network. Real bubblewrap, real git.
 */
class AgentSandboxTests {

    @TempDir
    Path tmp;

    private Path dataDir;
    private Path clone;
    private Path output;
    private final MockEnvironment env = new MockEnvironment();

    @BeforeAll
    static void bubblewrapWorks() {
        String problem = AgentSandbox.probe(AgentProcess.findExecutable("bwrap", System.getenv("PATH")));
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(problem == null, "bubblewrap does not work here: " + problem);
        }
    }

    @BeforeEach
    void repository() throws IOException {
        dataDir = tmp.resolve("data");
        clone = GitFixtures.repositoryWithCommit(dataDir.resolve("projects/p/repo"), "main");
        output = Files.createDirectories(dataDir.resolve("logs/p/t/task/agent-files"));
        env.setProperty("AGENT_SANDBOX", "bwrap");
    }

    @Test
    void aPlannerWorksInItsCloneButCannotChangeWhatTheOrchestratorsGitRuns() throws Exception {
        String config = Files.readString(clone.resolve(".git/config"));

        Run run = run(clone, """
                echo plan > notes.txt && echo "notes written"
                git log --oneline | grep -q . && echo "history read"
                echo "[core] fsmonitor = touch /tmp/pwned" >> .git/config || echo "config refused"
                echo "touch /tmp/pwned" > .git/hooks/post-checkout || echo "hook refused"
                mv .git .git-aside || echo "rename refused"
                echo "$HOME" && git config user.name
                echo '{}' > "$OUT/run-001.plan.json" && echo "plan written"
                """);

        assertThat(run.output())
                .contains("notes written", "history read", "config refused", "hook refused", "rename refused")
                .contains("Intern Village agent", "plan written");
        assertThat(run.output())
                .doesNotContain(dataDir.resolve("session-secret").toString());
        assertThat(Files.readString(clone.resolve(".git/config"))).isEqualTo(config);
        assertThat(clone.resolve(".git/hooks/post-checkout")).doesNotExist();
        assertThat(clone.resolve(".git")).isDirectory();
        assertThat(clone.resolve("notes.txt")).hasContent("plan");
        assertThat(output.resolve("run-001.plan.json")).hasContent("{}");
    }

    @Test
    void aWorkerCommitsOnItsBranchButCannotRedirectItsGitDirectoryOrReachTheConfig() throws Exception {
        Path worktree = dataDir.resolve("projects/p/worktrees/w");
        GitFixtures.git(clone, "worktree", "add", "-q", "-b", "iv/feature", worktree.toString());
        Path common = clone.resolve(".git");
        Path gitDir = common.resolve("worktrees/w");
        String dotGit = Files.readString(worktree.resolve(".git"));
        String config = Files.readString(common.resolve("config"));

        Run run = run(worktree, """
                echo work > work.txt && git add work.txt \
                  && git -c user.name=w -c user.email=w@localhost commit -q -m work && echo "committed"
                echo "[remote \\"origin\\"] receivepack = touch /tmp/pwned" >> %1$s/config || echo "config refused"
                echo "touch /tmp/pwned" > %1$s/hooks/pre-push || echo "hook refused"
                echo /tmp/evil > %2$s/commondir || echo "commondir refused"
                echo "gitdir: /tmp/evil" > .git || echo "dotgit refused"
                echo /tmp > %1$s/objects/info/alternates || echo "alternates refused"
                ls %3$s || echo "clone's work tree hidden"
                """.formatted(common, gitDir, clone.resolve("README.md")));

        assertThat(run.output())
                .contains("committed", "config refused", "hook refused", "commondir refused", "dotgit refused")
                .contains("alternates refused", "clone's work tree hidden");
        assertThat(GitFixtures.git(clone, "log", "--format=%s", "-1", "iv/feature")
                        .strip())
                .isEqualTo("work");
        assertThat(Files.readString(common.resolve("config"))).isEqualTo(config);
        assertThat(Files.readString(worktree.resolve(".git"))).isEqualTo(dotGit);
        assertThat(Files.readString(gitDir.resolve("commondir")).strip()).isEqualTo("../..");
        assertThat(common.resolve("objects/info/alternates")).doesNotExist();
    }

    @Test
    void withTheNetworkOffTheAgentHasOnlyALoopbackInterface() throws Exception {
        long hostInterfaces = interfaces(Files.readString(Path.of("/proc/net/dev")));
        String withNetwork = run(clone, "cat /proc/net/dev").output();
        env.setProperty("AGENT_NETWORK", "off");
        String withoutNetwork = run(clone, "cat /proc/net/dev").output();

        assertThat(interfaces(withNetwork)).isEqualTo(hostInterfaces);
        assertThat(interfaces(withoutNetwork)).isEqualTo(1);
        assertThat(withoutNetwork).contains("lo:");
    }

    private static long interfaces(String procNetDev) {
        return procNetDev.lines().filter(l -> l.contains(":")).count();
    }

    private record Run(int exitCode, String output) {}

    private Run run(Path workdir, String script) throws Exception {
        AgentSandbox sandbox = new AgentSandbox(new AgentSettings(new Settings(env)), new DataDirectory(dataDir));
        try (AgentSandbox.Prepared prepared = sandbox.prepare(
                List.of("/bin/sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin", "OUT", output.toString()),
                workdir,
                output,
                List.of())) {
            ProcessBuilder builder = new ProcessBuilder(prepared.command())
                    .directory(workdir.toFile())
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(prepared.env());
            Process process = builder.start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new Run(process.exitValue(), text);
        }
    }
}
