package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.review.Forges;
import dev.internvillage.review.PullRequest;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.TaskService;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole GitHub flow with the demo agent: a repository without push access is forked, planned,
 * worked, pushed to the fork and offered as a pull request to upstream; Mark Merged waits for the
 * merge on GitHub. Along the way the token must not show up anywhere it could be read.
 */
@ExtendWith(OutputCaptureExtension.class)
class GitHubFlowTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Forges forges;

    @Autowired
    ProjectService projects;

    @Autowired
    TaskService tasks;

    @Autowired
    SubtaskService subtasks;

    @Test
    void forkPlanWorkPullRequestAndMerge(CapturedOutput output) throws IOException {
        // GIVEN alice, signed in, adds a repository of an organisation she cannot push to
        FakeGitHub.User alice = gitHubUser("alice");
        Api api = signIn(alice);
        String org = "acme-" + UUID.randomUUID().toString().substring(0, 6);
        GITHUB.createRepo(org, "shop");
        ApiResponse created =
                api.post("/api/projects", "{\"repo_url\":" + Api.quote(GITHUB.url() + "/" + org + "/shop") + "}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().path("was_forked").asBoolean()).isTrue();
        String projectId = created.id();

        // WHEN a task is planned and a ready subtask is worked by the demo agent
        String taskId = createTask(api, projectId, "Add a basket", "Shoppers keep a basket.\n- Store it\n- Show it");
        awaitTask(api, taskId, "ACTIVE");
        JsonNode ready = Stream.of(subtasks(api, taskId).valueStream().toArray(JsonNode[]::new))
                .filter(s -> s.path("status").asString().equals("READY"))
                .findFirst()
                .orElseThrow();
        String subtaskId = ready.path("id").asString();
        assertThat(api.post("/api/subtasks/" + subtaskId + "/start").status()).isEqualTo(200);
        JsonNode done =
                awaitSubtask(api, subtaskId, s -> !s.path("status").asString().equals("IN_PROGRESS"));

        // THEN the branch is on alice's fork and a pull request into upstream's main is open
        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("COMPLETED");
        String branch = done.path("branch_name").asString();
        List<FakeGitHub.Pull> pulls = GITHUB.pulls(org, "shop");
        assertThat(pulls).hasSize(1);
        FakeGitHub.Pull pull = pulls.getFirst();
        assertThat(pull.head()).isEqualTo(alice.login() + ":" + branch);
        assertThat(pull.base()).isEqualTo("main");
        assertThat(pull.title())
                .isEqualTo("[" + ready.path("key").asString() + "] "
                        + ready.path("title").asString());
        assertThat(pull.body()).contains(ready.path("spec").asString()).contains("### Commits");
        assertThat(done.path("pr_number").asInt()).isEqualTo(pull.number());
        assertThat(done.path("pr_url").asString()).isEqualTo(GITHUB.url() + "/" + org + "/shop/pull/" + pull.number());
        assertThat(GitFixtures.gitResult(
                        GITHUB.barePath(alice.login(), "shop"), "rev-parse", "--verify", "refs/heads/" + branch))
                .isZero();
        assertThat(GitFixtures.gitResult(GITHUB.barePath(org, "shop"), "rev-parse", "--verify", "refs/heads/" + branch))
                .as("nothing pushed upstream")
                .isNotZero();

        // AND opening it again (a retry) reuses the pull request instead of failing
        Project project = projects.get(new ProjectId(UUID.fromString(projectId)));
        Subtask subtask = subtasks.get(new SubtaskId(UUID.fromString(subtaskId)));
        PullRequest again = forges.forProject(project).open(project, tasks.get(subtask.taskId()), subtask, branch);
        assertThat(again.number()).isEqualTo(pull.number());
        assertThat(GITHUB.pulls(org, "shop")).hasSize(1);

        // AND another GitHub user can neither see, stream, start, merge nor read its logs
        assertIntruderFindsNothing(
                projectId,
                taskId,
                subtaskId,
                workerRuns(api, subtaskId).get(0).path("id").asString());

        // AND Mark Merged is refused until GitHub says the pull request is merged; once it is, the
        // app finds that by itself (Mark Merged after a merge is in GitHubPullRequestWebhookTests, where
        // no poll gets there first)
        ApiResponse early = api.post("/api/subtasks/" + subtaskId + "/mark-merged");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.errorMessage()).contains("not merged on GitHub");
        GITHUB.merge(org, "shop", pull.number());
        awaitSubtask(api, subtaskId, status("MERGED"));

        // AND the token is nowhere to be read: database, data directory (logs, clone, worktrees,
        // embedded database files), the agents' environment, the app's log output
        assertThat(jdbc.sql("SELECT * FROM users").query().listOfRows().toString())
                .doesNotContain(alice.token());
        assertThat(filesContaining(DATA_DIR, alice.token())).isEmpty();
        List<Path> agentEnvironments = listFiles(AGENT_ENV);
        assertThat(agentEnvironments).as("the agents ran git").isNotEmpty();
        assertThat(Files.readString(agentEnvironments.getFirst())).contains("IV_ROLE=");
        assertThat(filesContaining(AGENT_ENV, alice.token())).isEmpty();
        assertThat(filesContaining(DATA_DIR.resolve("logs"), "IV_GIT_TOKEN")).isEmpty();
        assertThat(output.getAll()).doesNotContain(alice.token());
    }

    private void assertIntruderFindsNothing(String projectId, String taskId, String subtaskId, String run) {
        Api bob = signIn(gitHubUser("bob"));
        List<String[]> calls = List.of(
                new String[] {"GET", "/api/projects/" + projectId},
                new String[] {"GET", "/api/projects/" + projectId + "/events"},
                new String[] {"GET", "/api/projects/" + projectId + "/tasks"},
                new String[] {"GET", "/api/tasks/" + taskId},
                new String[] {"GET", "/api/subtasks/" + subtaskId},
                new String[] {"GET", "/api/subtasks/" + subtaskId + "/runs"},
                new String[] {"GET", "/api/subtasks/" + subtaskId + "/diff"},
                new String[] {"GET", "/api/runs/" + run + "/logs"},
                new String[] {"GET", "/api/projects/" + projectId + "/events?subscribe_logs=" + run},
                new String[] {"POST", "/api/subtasks/" + subtaskId + "/start"},
                new String[] {"POST", "/api/subtasks/" + subtaskId + "/mark-merged"},
                new String[] {"POST", "/api/projects/" + projectId + "/cleanup"},
                new String[] {"DELETE", "/api/projects/" + projectId});
        for (String[] call : calls) {
            ApiResponse response = bob.send(call[0], call[1], null, null);
            assertThat(response.status())
                    .as("%s %s -> %s", call[0], call[1], response)
                    .isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
            for (String id : List.of(projectId, taskId, subtaskId, run)) {
                assertThat(response.body()).as("%s %s", call[0], call[1]).doesNotContain(id);
            }
        }
        assertThat(bob.get("/api/projects").json().isEmpty()).isTrue();
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> filesContaining(Path dir, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        return listFiles(dir).stream().filter(file -> contains(file, needle)).toList();
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false; // a file that vanished meanwhile (e.g. a lock file)
        }
    }
}
