package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Adding GitHub repositories: clone with push access, fork without it. */
class GitHubProjectApiTests extends GitHubTestBase {

    private FakeGitHub.User alice;
    private Api api;

    @BeforeEach
    void signedIn() {
        alice = gitHubUser("alice");
        api = signIn(alice);
    }

    private ApiResponse add(String repoUrl) {
        return api.post("/api/projects", "{\"repo_url\":" + Api.quote(repoUrl) + "}");
    }

    private Path clone(JsonNode project) {
        return DATA_DIR.resolve("projects")
                .resolve(project.path("id").asString())
                .resolve("repo");
    }

    @Test
    void anOwnedRepositoryIsClonedWithoutTheTokenInAnyFile() throws Exception {
        GITHUB.createRepo(alice.login(), "app");

        ApiResponse created = add("github.com/" + alice.login() + "/app");

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode project = created.json();
        assertThat(project.path("forge").asString()).isEqualTo("github");
        assertThat(project.path("github_owner").asString()).isEqualTo(alice.login());
        assertThat(project.path("github_repo").asString()).isEqualTo("app");
        assertThat(project.path("is_fork").asBoolean()).isFalse();
        assertThat(project.path("was_forked").asBoolean()).isFalse();
        assertThat(project.path("default_branch").asString()).isEqualTo("main");
        assertThat(clone(project).resolve("README.md")).exists();
        assertThat(GitFixtures.git(clone(project), "remote", "get-url", "origin")
                        .strip())
                .isEqualTo(GITHUB.url() + "/" + alice.login() + "/app.git");
        assertThat(Files.readString(clone(project).resolve(".git/config"))).doesNotContain(alice.token());
        assertThat(GITHUB.requests("POST", "/repos/")).noneMatch(r -> r.path().contains("/app/forks"));
    }

    @Test
    void aRepositoryWithoutPushAccessIsForkedAndKeptAsUpstream() {
        String org = "acme-" + UUID.randomUUID().toString().substring(0, 6);
        GITHUB.createRepo(org, "lib");

        ApiResponse created = add("https://github.com/" + org + "/lib.git");

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode project = created.json();
        assertThat(project.path("is_fork").asBoolean()).isTrue();
        assertThat(project.path("was_forked").asBoolean()).isTrue();
        assertThat(project.path("github_owner").asString()).isEqualTo(alice.login());
        assertThat(project.path("upstream_owner").asString()).isEqualTo(org);
        assertThat(project.path("upstream_repo").asString()).isEqualTo("lib");
        assertThat(GITHUB.requests("POST", "/repos/" + org + "/lib/forks")).hasSize(1);
        assertThat(GitFixtures.git(clone(project), "remote", "get-url", "origin")
                        .strip())
                .isEqualTo(GITHUB.url() + "/" + alice.login() + "/lib.git");
        assertThat(GitFixtures.git(clone(project), "remote", "get-url", "upstream")
                        .strip())
                .isEqualTo(GITHUB.url() + "/" + org + "/lib.git");
        // a second GET shows the same, without was_forked
        JsonNode again =
                api.get("/api/projects/" + project.path("id").asString()).json();
        assertThat(again.path("is_fork").asBoolean()).isTrue();
        assertThat(again.path("was_forked").asBoolean()).isFalse();
    }

    @Test
    void theSshFormWorksAndUnknownRepositoriesAre422() {
        GITHUB.createRepo(alice.login(), "tool");

        assertThat(add("git@github.com:" + alice.login() + "/tool.git").status())
                .isEqualTo(201);
        ApiResponse missing = add("github.com/" + alice.login() + "/nope");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.errorMessage()).contains("does not exist");
        assertThat(add("github.com/" + alice.login() + "/tool").status())
                .as("twice")
                .isEqualTo(409);
        assertThat(add("https://github.com/only-owner").status()).isEqualTo(400);
    }
}
