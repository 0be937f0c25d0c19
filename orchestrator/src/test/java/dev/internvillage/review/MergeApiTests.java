package dev.internvillage.review;

import static dev.internvillage.testing.GitFixtures.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.AgentScripts;
import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.SseClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Real merges in local mode, with real git and real agent processes (a script run by the {@code
 * command} runtime): the merge endpoint, Mark Merged's check, dependents built on merged code, and
 * conflicts found before anyone tries to merge.
 */
class MergeApiTests extends AgentTestBase {

    private static final Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "merges");
        // beside the program: a sandboxed agent sees AGENT_EXTRA_PATH, not the build's directories
        Path scripts = AgentScripts.directoryWith("/agents/merge-agent.sh");
        registry.add("AGENT_RUNTIME", () -> "command");
        registry.add("AGENT_EXTRA_PATH", scripts::toString);
        registry.add("AGENT_COMMAND", () -> "sh " + scripts.resolve("merge-agent.sh"));
        registry.add("AGENT_MAX_CONCURRENT", () -> "2");
        registry.add("MERGE_CHECK_INTERVAL_S", () -> "1");
    }

    /** A project on {@code origin} with a task of {@code scenario}, planned; subtask ids by key. */
    private record Board(Api api, String projectId, String taskId, Path origin, Map<String, String> ids) {}

    private Board board(Path origin, String scenario) {
        Api api = newUser();
        ApiResponse project = api.post("/api/projects", "{\"repo_url\":" + Api.quote(origin.toString()) + "}");
        assertThat(project.status()).as("%s", project).isEqualTo(201);
        String taskId = createTask(api, project.id(), "scenario:" + scenario, "Work in steps");
        awaitTask(api, taskId, "ACTIVE");
        Map<String, String> ids = new HashMap<>();
        subtasks(api, taskId)
                .forEach(s -> ids.put(s.path("key").asString(), s.path("id").asString()));
        return new Board(api, project.id(), taskId, origin, ids);
    }

    private Path newOrigin() {
        return GitFixtures.repositoryWithCommit(tmp.resolve("origin-" + UUID.randomUUID()), "main");
    }

    /** Starts the subtask and waits until its worker's branch is pushed and its PR open. */
    private JsonNode complete(Board board, String key) {
        ApiResponse started = board.api().post("/api/subtasks/" + board.ids().get(key) + "/start");
        assertThat(started.status()).as("%s", started).isEqualTo(200);
        JsonNode done = awaitSubtask(
                board.api(),
                board.ids().get(key),
                s -> !s.path("status").asString().equals("IN_PROGRESS"));
        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("COMPLETED");
        return done;
    }

    private ApiResponse merge(Board board, String key) {
        return board.api().post("/api/subtasks/" + board.ids().get(key) + "/merge");
    }

    private static String head(Path repository, String ref) {
        return git(repository, "rev-parse", ref).strip();
    }

    @Test
    void markMergedOnAnUnmergedBranchIsAConflictAndSucceedsAfterAMergeByHand() {
        Board board = board(newOrigin(), "pair");
        String branch = complete(board, "a").path("branch_name").asString();
        String a = board.ids().get("a");

        ApiResponse early = board.api().post("/api/subtasks/" + a + "/mark-merged");
        assertThat(early.status()).as("%s", early).isEqualTo(409);
        assertThat(early.errorMessage()).contains(branch).contains("is not merged into main");
        assertThat(subtask(board.api(), a).path("status").asString()).isEqualTo("COMPLETED");

        git(board.origin(), "merge", "--no-ff", "--quiet", "-m", "merged by hand", branch);
        ApiResponse merged = board.api().post("/api/subtasks/" + a + "/mark-merged");
        assertThat(merged.status()).as("%s", merged).isEqualTo(200);
        assertThat(merged.json().path("status").asString()).isEqualTo("MERGED");
    }

    @Test
    void aDirtyWorkTreeInOriginRefusesTheMergeAndChangesNothing() throws Exception {
        Board board = board(newOrigin(), "pair");
        complete(board, "a");
        Path origin = board.origin();
        Files.writeString(origin.resolve("README.md"), "# my unsaved edit\n");
        Files.writeString(origin.resolve("staged.txt"), "staged but not committed\n");
        git(origin, "add", "staged.txt");
        String headBefore = head(origin, "HEAD");
        String indexBefore = git(origin, "ls-files", "--stage");
        byte[] readmeBefore = Files.readAllBytes(origin.resolve("README.md"));

        ApiResponse refused = merge(board, "a");

        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.errorMessage()).contains("uncommitted changes").contains("README.md");
        assertThat(head(origin, "HEAD")).isEqualTo(headBefore);
        assertThat(git(origin, "ls-files", "--stage")).isEqualTo(indexBefore);
        assertThat(Files.readAllBytes(origin.resolve("README.md"))).isEqualTo(readmeBefore);
        assertThat(Files.exists(origin.resolve("a.txt"))).isFalse();
        assertThat(subtask(board.api(), board.ids().get("a")).path("status").asString())
                .isEqualTo("COMPLETED");

        // once the user commits their work, the merge goes through as git merge would
        git(origin, "commit", "--quiet", "-am", "the user's own work");
        ApiResponse merged = merge(board, "a");
        assertThat(merged.status()).as("%s", merged).isEqualTo(200);
        assertThat(merged.json().path("status").asString()).isEqualTo("MERGED");
        assertThat(origin.resolve("a.txt")).hasContent("work of a");
        assertThat(origin.resolve("README.md")).hasContent("# my unsaved edit");
        assertThat(git(origin, "status", "--porcelain")).isBlank();
        assertThat(git(origin, "log", "-1", "--format=%P", "main").strip().split(" "))
                .as("a merge commit: main had moved on")
                .hasSize(2);
    }

    @Test
    void aBareOriginWithAHookAgainstRewritesTakesEveryMergeAsAFastForward() throws Exception {
        Path seed = newOrigin();
        Path origin = tmp.resolve("bare-" + UUID.randomUUID() + ".git");
        git(tmp, "clone", "--quiet", "--bare", seed.toString(), origin.toString());
        Path updates = tmp.resolve("main-updates-" + UUID.randomUUID() + ".log");
        Path hook = origin.resolve("hooks").resolve("pre-receive");
        Files.writeString(hook, """
                #!/bin/sh
                # refuses any update of main that is not a fast-forward; logs the others
                zero=0000000000000000000000000000000000000000
                while read old new ref; do
                  if [ "$ref" = refs/heads/main ]; then
                    if [ "$old" != "$zero" ] && ! git merge-base --is-ancestor "$old" "$new"; then
                      echo "main may only move forward" >&2
                      exit 1
                    fi
                    echo "$old $new" >> '%s'
                  fi
                done
                """.formatted(updates));
        Files.setPosixFilePermissions(hook, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Board board = board(origin, "pair");
        complete(board, "a");
        complete(board, "b");

        ApiResponse first = merge(board, "a");
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        awaitSubtask(
                board.api(),
                board.ids().get("b"),
                s -> s.path("merge_state").asString("").equals("behind"));
        ApiResponse squash = board.api().patch("/api/projects/" + board.projectId(), "{\"merge_method\":\"squash\"}");
        assertThat(squash.status()).as("%s", squash).isEqualTo(200);
        assertThat(squash.json().path("merge_method").asString()).isEqualTo("squash");
        ApiResponse second = merge(board, "b");
        assertThat(second.status()).as("%s", second).isEqualTo(200);

        assertThat(git(origin, "ls-tree", "--name-only", "main")).contains("a.txt", "b.txt", "README.md");
        assertThat(git(origin, "log", "-1", "--format=%P", "main").strip().split(" "))
                .as("squashed: one parent")
                .hasSize(1);
        List<String> moves = Files.readAllLines(updates);
        assertThat(moves).as("both merges went through the hook").hasSize(2);
        for (String move : moves) {
            String[] oldNew = move.split(" ");
            assertThat(GitFixtures.gitResult(origin, "merge-base", "--is-ancestor", oldNew[0], oldNew[1]))
                    .isZero();
        }
        assertThat(task(board.api(), board.taskId()).path("status").asString()).isEqualTo("DONE");
        // the hook really guards main: a rewrite is refused
        Path clone = tmp.resolve("rewrite-" + UUID.randomUUID());
        git(tmp, "clone", "--quiet", origin.toString(), clone.toString());
        git(clone, "reset", "--quiet", "--hard", "HEAD~1");
        assertThat(GitFixtures.gitResult(clone, "push", "--force", "origin", "main"))
                .isNotZero();
    }

    @Test
    void dependentsStartFromTheMergedWorkOfTheirDependencies() {
        Board board = board(newOrigin(), "diamond");
        Path origin = board.origin();

        complete(board, "s1");
        assertThat(merge(board, "s1").status()).isEqualTo(200);
        assertThat(subtask(board.api(), board.ids().get("s2")).path("status").asString())
                .isEqualTo("READY");
        complete(board, "s2");
        complete(board, "s3");
        assertThat(merge(board, "s2").status()).isEqualTo(200);
        assertThat(merge(board, "s3").status()).isEqualTo(200);
        complete(board, "s4");
        assertThat(git(origin, "show", "main:seen-by-s2.txt").lines().toList())
                .as("s2 started from s1's work")
                .contains("s1.txt");
        String s4Branch =
                subtask(board.api(), board.ids().get("s4")).path("branch_name").asString();
        assertThat(git(origin, "show", s4Branch + ":seen-by-s4.txt").lines().toList())
                .as("what s4's agent found in its worktree when it started")
                .contains("s1.txt", "s2.txt", "s3.txt", "seen-by-s1.txt", "seen-by-s2.txt", "seen-by-s3.txt");
        assertThat(merge(board, "s4").status()).isEqualTo(200);

        assertThat(task(board.api(), board.taskId()).path("status").asString()).isEqualTo("DONE");
        for (String key : List.of("s1", "s2", "s3", "s4")) {
            String branch = subtask(board.api(), board.ids().get(key))
                    .path("branch_name")
                    .asString();
            assertThat(GitFixtures.gitResult(origin, "merge-base", "--is-ancestor", branch, "main"))
                    .as("%s's commits are on main", key)
                    .isZero();
        }
        assertThat(origin.resolve("s4.txt"))
                .as("origin's checked-out main moved too")
                .hasContent("work of s4");
    }

    @Test
    void aConflictIsFlaggedWhenTheDefaultBranchMovesAndItsMergeIsRefused() {
        Board board = board(newOrigin(), "conflict");
        SseClient stream = SseClient.connect(
                baseUrl() + "/api/projects/" + board.projectId() + "/events",
                board.api().cookie(),
                null);
        stream.await("connected");
        complete(board, "a");
        complete(board, "b");
        String b = board.ids().get("b");

        assertThat(merge(board, "a").status()).isEqualTo(200);

        SseClient.Event flagged = stream.await(
                e -> e.type().equals("subtask:merge_state_changed")
                        && e.json().path("subtask_id").asString().equals(b)
                        && e.json().path("merge_state").asString().equals("conflicted"),
                Duration.ofSeconds(30));
        assertThat(flagged.json().path("conflict_files").valueStream().map(JsonNode::asString))
                .containsExactly("README.md");
        assertThat(flagged.json().path("base_branch").asString()).isEqualTo("main");
        JsonNode conflicted = subtask(board.api(), b);
        assertThat(conflicted.path("merge_state").asString()).isEqualTo("conflicted");
        assertThat(conflicted.path("conflict_files").valueStream().map(JsonNode::asString))
                .containsExactly("README.md");

        String mainBefore = head(board.origin(), "main");
        ApiResponse refused = merge(board, "b");
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.errorMessage())
                .contains("conflicts with main in 1 file")
                .contains("README.md");
        assertThat(head(board.origin(), "main")).isEqualTo(mainBefore);
        assertThat(subtask(board.api(), b).path("status").asString()).isEqualTo("COMPLETED");
        stream.close();
    }

    @Test
    void resolveSendsAConflictedBranchBackToItsWorkerAndTheResolvedBranchMergesWithBothChanges() {
        Board board = board(newOrigin(), "conflict");
        String b = board.ids().get("b");
        complete(board, "a");
        complete(board, "b");
        ApiResponse notYet = board.api().post("/api/subtasks/" + b + "/resolve");
        assertThat(notYet.status())
                .as("nothing to resolve before a moves main: %s", notYet)
                .isEqualTo(409);

        assertThat(merge(board, "a").status()).isEqualTo(200);
        awaitSubtask(board.api(), b, s -> s.path("merge_state").asString("").equals("conflicted"));

        ApiResponse resolving = board.api().post("/api/subtasks/" + b + "/resolve");
        assertThat(resolving.status()).as("%s", resolving).isEqualTo(200);
        assertThat(resolving.json().path("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(resolving.json().path("follow_up_reason").asString()).isEqualTo("conflict");
        JsonNode resolved =
                awaitSubtask(board.api(), b, s -> !s.path("status").asString().equals("IN_PROGRESS"));
        assertThat(resolved.path("status").asString()).as("%s", resolved).isEqualTo("COMPLETED");
        awaitSubtask(board.api(), b, s -> s.path("merge_state").asString("").equals("clean"));

        assertThat(merge(board, "b").status()).isEqualTo(200);
        assertThat(board.origin().resolve("README.md"))
                .content()
                .contains("# edited by a")
                .contains("# edited by b")
                .doesNotContain("<<<<<<<");
        assertThat(board.api().post("/api/subtasks/" + b + "/resolve").status())
                .as("a merged subtask has nothing to resolve")
                .isEqualTo(409);
    }

    @Test
    void aDefaultBranchMovedOutsideTheAppIsNoticedByThePeriodicCheck() {
        Board board = board(newOrigin(), "conflict");
        String a = board.ids().get("a");
        complete(board, "a");
        awaitSubtask(board.api(), a, s -> s.path("merge_state").asString("").equals("clean"));

        GitFixtures.write(board.origin().resolve("README.md"), "# edited by the user\n");
        git(board.origin(), "commit", "--quiet", "-am", "the user's own edit");

        JsonNode flagged = awaitSubtask(
                board.api(), a, s -> s.path("merge_state").asString("").equals("conflicted"));
        assertThat(flagged.path("conflict_files").valueStream().map(JsonNode::asString))
                .containsExactly("README.md");
        assertThat(merge(board, "a").status()).isEqualTo(409);
    }

    @Test
    void projectSettingsRefuseUnknownFieldsAndValues() {
        Board board = board(newOrigin(), "pair");
        String path = "/api/projects/" + board.projectId();

        ApiResponse unknown = board.api().patch(path, "{\"merge_methd\":\"squash\"}");
        assertThat(unknown.status()).as("%s", unknown).isEqualTo(400);
        assertThat(unknown.errorMessage()).contains("merge_methd");
        ApiResponse badValue = board.api().patch(path, "{\"merge_method\":\"rebase\"}");
        assertThat(badValue.status()).as("%s", badValue).isEqualTo(400);
        assertThat(badValue.errorMessage()).contains("merge, squash, fast-forward-only");
        assertThat(board.api().get(path).json().path("merge_method").asString()).isEqualTo("merge");

        ApiResponse ffOnly = board.api().patch(path, "{\"merge_method\":\"fast-forward-only\"}");
        assertThat(ffOnly.status()).as("%s", ffOnly).isEqualTo(200);
        complete(board, "a");
        complete(board, "b");
        assertThat(merge(board, "a").status()).isEqualTo(200);
        ApiResponse behind = merge(board, "b");
        assertThat(behind.status()).as("%s", behind).isEqualTo(409);
        assertThat(behind.errorMessage()).contains("cannot fast-forward");
        assertThat(newUser()
                        .post("/api/subtasks/" + board.ids().get("b") + "/merge")
                        .status())
                .as("someone else's subtask")
                .isEqualTo(404);
    }
}
