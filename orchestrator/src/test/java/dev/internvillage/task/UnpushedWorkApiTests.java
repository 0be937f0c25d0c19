package dev.internvillage.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Deleting a task or a project whose worktree holds commits that were never pushed (a worker that
 * committed and then failed) is refused with the branches named, and goes through once the user
 * says to lose them.
 */
class UnpushedWorkApiTests extends AgentTestBase {

    private static final Path DATA_DIR = createDataDir();

    /** Plans one subtask; its worker commits and then fails, so its commit is never pushed. */
    private static final String AGENT = """
            #!/bin/sh
            if [ "$IV_ROLE" = planner ]; then
              printf '{"spec": "s", "subtasks": [{"key": "a", "title": "Step a", "spec": "Do a", "depends_on": []}]}' \\
                > "$IV_PLAN_FILE"
              exit 0
            fi
            echo work > a.txt
            git add -A && git -c user.name=t -c user.email=t@localhost commit -q -m "work of a"
            echo "failing after the commit" >&2
            exit 1
            """;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "unpushed");
        Path scripts = AgentScripts.directoryWith("commit-then-fail.sh", AGENT);
        registry.add("AGENT_RUNTIME", () -> "command");
        registry.add("AGENT_EXTRA_PATH", scripts::toString);
        registry.add("AGENT_COMMAND", () -> "sh " + scripts.resolve("commit-then-fail.sh"));
        registry.add("AGENT_MAX_RETRIES", () -> "1");
        registry.add("AGENT_BACKOFF_BASE_MS", () -> "50");
    }

    private record Failed(Api api, String projectId, String taskId, String subtaskId) {}

    /** A project whose one subtask's worker committed and failed: its worktree holds an unpushed commit. */
    private Failed failedWorker() {
        Api api = newUser();
        Path origin = GitFixtures.repositoryWithCommit(tmp.resolve("origin-" + UUID.randomUUID()), "main");
        ApiResponse project = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}");
        assertThat(project.status()).as("%s", project).isEqualTo(201);
        String taskId = createTask(api, project.id(), "Unpushed", "Commit and fail");
        awaitTask(api, taskId, "ACTIVE");
        String subtaskId = subtasks(api, taskId).get(0).path("id").asString();
        assertThat(api.post("/api/subtasks/" + subtaskId + "/start").status()).isEqualTo(200);
        awaitSubtask(api, subtaskId, s -> s.path("blocked_reason").asString("").equals("FAILURE"));
        return new Failed(api, project.id(), taskId, subtaskId);
    }

    private static long worktrees(String projectId) throws Exception {
        Path dir = DATA_DIR.resolve("projects").resolve(projectId).resolve("worktrees");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    @Test
    void deletingATaskWithUnpushedCommitsIsRefusedUntilTheUserSaysToLoseThem() throws Exception {
        Failed failed = failedWorker();
        String branch =
                subtask(failed.api(), failed.subtaskId()).path("branch_name").asString();
        assertThat(worktrees(failed.projectId())).isEqualTo(1);

        ApiResponse refused = failed.api().delete("/api/tasks/" + failed.taskId());
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.errorMessage())
                .contains(branch + " (1)")
                .contains("never pushed")
                .contains("discard_unpushed=true");
        assertThat(failed.api().get("/api/tasks/" + failed.taskId()).status()).isEqualTo(200);
        assertThat(failed.api()
                        .delete("/api/tasks/" + failed.taskId() + "?discard_unpushed=maybe")
                        .status())
                .isEqualTo(400);

        ApiResponse deleted = failed.api().delete("/api/tasks/" + failed.taskId() + "?discard_unpushed=true");
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertThat(failed.api().get("/api/tasks/" + failed.taskId()).status()).isEqualTo(404);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> worktrees(failed.projectId()) == 0);
    }

    @Test
    void deletingAProjectWithUnpushedCommitsIsRefusedUntilTheUserSaysToLoseThem() {
        Failed failed = failedWorker();

        ApiResponse refused = failed.api().delete("/api/projects/" + failed.projectId());
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.errorMessage()).contains("deleting the project would lose them");
        assertThat(failed.api().get("/api/projects/" + failed.projectId()).status())
                .isEqualTo(200);

        ApiResponse deleted = failed.api().delete("/api/projects/" + failed.projectId() + "?discard_unpushed=true");
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertThat(failed.api().get("/api/projects/" + failed.projectId()).status())
                .isEqualTo(404);
    }
}
