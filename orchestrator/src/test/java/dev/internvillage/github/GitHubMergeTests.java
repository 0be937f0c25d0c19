package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The Merge button in GitHub mode: GitHub's merge API, done for real on the fake's repositories. */
class GitHubMergeTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    @Test
    void mergeGoesThroughGitHubsMergeApiAndGitHubsRefusalIsAConflictWithItsMessage() {
        FakeGitHub.User carol = gitHubUser("carol");
        Api api = signIn(carol);
        String name = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        Path upstream = GITHUB.createRepo(carol.login(), name);
        ApiResponse created = api.post(
                "/api/projects", "{\"repo_url\":" + Api.quote(GITHUB.url() + "/" + carol.login() + "/" + name) + "}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        ApiResponse fastForwardOnly =
                api.patch("/api/projects/" + created.id(), "{\"merge_method\":\"fast-forward-only\"}");
        assertThat(fastForwardOnly.status()).as("%s", fastForwardOnly).isEqualTo(400);
        assertThat(fastForwardOnly.errorMessage()).contains("not available for GitHub projects");
        String taskId = createTask(api, created.id(), "Add a basket", "Shoppers keep a basket.\n- Store it\n- Show it");
        awaitTask(api, taskId, "ACTIVE");
        String first = readyOne(api, taskId);
        JsonNode done = work(api, first);
        String branch = done.path("branch_name").asString();

        ApiResponse merged = api.post("/api/subtasks/" + first + "/merge");

        assertThat(merged.status()).as("%s", merged).isEqualTo(200);
        assertThat(merged.json().path("status").asString()).isEqualTo("MERGED");
        List<FakeGitHub.Recorded> puts = GITHUB.requests("PUT", "/repos/" + carol.login() + "/" + name + "/pulls/");
        assertThat(puts).hasSize(1);
        assertThat(puts.getFirst().path())
                .endsWith("/pulls/" + done.path("pr_number").asInt() + "/merge");
        assertThat(puts.getFirst().json().path("merge_method").asString()).isEqualTo("merge");
        assertThat(GitFixtures.gitResult(upstream, "merge-base", "--is-ancestor", "refs/heads/" + branch, "main"))
                .as("the branch is on GitHub's main")
                .isZero();
        assertThat(GITHUB.pulls(carol.login(), name)).allMatch(FakeGitHub.Pull::merged);

        // a pull request GitHub will not merge (here: the branch's protection rules are not met) is a
        // 409 with GitHub's reason
        String second = readyOne(api, taskId);
        work(api, second);
        GITHUB.protectBranches(carol.login(), name, "At least 1 approving review is required");
        ApiResponse refused = api.post("/api/subtasks/" + second + "/merge");
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.errorMessage())
                .contains("GitHub refused")
                .contains("At least 1 approving review is required");
        assertThat(subtask(api, second).path("status").asString()).isEqualTo("COMPLETED");
    }
}
