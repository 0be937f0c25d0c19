package dev.internvillage.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.AppTestBase;
import dev.internvillage.testing.GitFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A hostile agent ({@code agents/hostile-agent.sh}, a planner of the {@code command} runtime) tries
 * to read the database file, the session secret and the server's environment, list other projects,
 * write outside its workdir, signal the server and leave a process running after its run. The
 * subclasses run it with and without the sandbox: the same attacks must fail in one and succeed in
 * the other, which shows the checks can fail.
 *
 * <p>The app uses the embedded database in {@code DATA_DIR} here, so there is a database file to
 * attack; the test therefore runs in the H2 pass only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class HostileAgentTestBase extends AppTestBase {

    static final List<String> ATTACKS = List.of(
            "database",
            "session-secret",
            "server-environment",
            "other-projects",
            "write-data-dir",
            "write-origin",
            "signal-server",
            "shadow");

    /** What one run of the hostile agent did. */
    record Attack(
            String runId,
            Map<String, String> outcomes,
            Map<String, String> evidence,
            Path dataDir,
            Path origin,
            Path survivorMarker) {}

    static void hostileAgent(DynamicPropertyRegistry registry, Path dataDir, String sandbox) {
        Path scripts = AgentScripts.directoryWith("/agents/hostile-agent.sh");
        registry.add("DATA_DIR", dataDir::toString);
        registry.add("internvillage.agents.enabled", () -> "true");
        registry.add("AGENT_SANDBOX", () -> sandbox);
        registry.add("AGENT_RUNTIME", () -> "command");
        registry.add("AGENT_EXTRA_PATH", scripts::toString);
        registry.add("AGENT_COMMAND", () -> "sh " + scripts.resolve("hostile-agent.sh"));
        registry.add("AGENT_MAX_RETRIES", () -> "1");
    }

    /** Runs the hostile planner in a new project next to another one, and collects what it recorded. */
    Attack attack(Path dataDir) throws IOException {
        Api api = newUser();
        String otherProject = createProject(api);
        assertThat(dataDir.resolve("projects").resolve(otherProject)).isDirectory();
        Path origin = GitFixtures.repositoryWithCommit(tmp.resolve("origin"), "main");
        ApiResponse project = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}");
        assertThat(project.status()).as("%s", project).isEqualTo(201);
        String targets = "server-pid:%d data-dir:%s other-project:%s origin:%s"
                .formatted(ProcessHandle.current().pid(), dataDir, otherProject, origin);
        ApiResponse task = api.post(
                "/api/projects/" + project.id() + "/tasks",
                "{\"title\":\"Hostile\",\"description\":" + Api.quote(targets) + "}");
        assertThat(task.status()).as("%s", task).isEqualTo(201);

        String status = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> api.get("/api/tasks/" + task.id())
                                .json()
                                .path("status")
                                .asString(),
                        s -> s.equals("ACTIVE") || s.equals("PLANNING_FAILED"));
        String runId = api.get("/api/tasks/" + task.id() + "/runs")
                .json()
                .get(0)
                .path("id")
                .asString();
        String log =
                api.get("/api/runs/" + runId + "/logs").json().path("content").asString();
        assertThat(status)
                .as("the hostile planner ran to its end; its log:\n%s", log)
                .isEqualTo("ACTIVE");

        Path agentFiles = dataDir.resolve("logs")
                .resolve(project.id())
                .resolve(task.id())
                .resolve("task")
                .resolve("agent-files");
        Map<String, String> outcomes = new LinkedHashMap<>();
        Map<String, String> evidence = new LinkedHashMap<>();
        for (String line : Files.readAllLines(agentFiles.resolve("report"))) {
            String[] fields = line.split("\t", 3);
            outcomes.put(fields[0], fields[1]);
            evidence.put(fields[0], fields.length > 2 ? fields[2] : "");
        }
        assertThat(outcomes).as("every attack was tried: %s", log).containsKeys(ATTACKS.toArray(String[]::new));
        return new Attack(runId, outcomes, evidence, dataDir, origin, agentFiles.resolve("survivor"));
    }
}
