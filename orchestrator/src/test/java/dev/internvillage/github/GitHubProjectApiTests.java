package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Adding GitHub repositories: clone with push access, fork without it. The fake GitHub is the
 * configured {@code GITHUB_URL}, so repositories are named on its host as on a GitHub Enterprise one.
 */
class GitHubProjectApiTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    private FakeGitHub.User alice;
    private Api api;

    @BeforeEach
    void signedIn() {
        alice = gitHubUser("alice");
        api = signIn(alice);
    }

    /** The fake's web host as repo_urls spell it: {@code 127.0.0.1:<port>}. */
    private static String host() {
        return URI.create(GITHUB.url()).getAuthority();
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

        ApiResponse created = add(host() + "/" + alice.login() + "/app");

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

        ApiResponse created = add(GITHUB.url() + "/" + org + "/lib.git");

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

        ApiResponse ssh = add("git@127.0.0.1:" + alice.login() + "/tool.git");
        assertThat(ssh.status()).as("%s", ssh).isEqualTo(201);
        assertThat(ssh.json().path("repo_url").asString()).isEqualTo(GITHUB.url() + "/" + alice.login() + "/tool");
        ApiResponse missing = add(host() + "/" + alice.login() + "/nope");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.errorMessage()).contains("does not exist");
        assertThat(add(GITHUB.url() + "/" + alice.login() + "/tool/").status())
                .as("twice, in another form")
                .isEqualTo(409);
        ApiResponse ownerOnly = add(GITHUB.url() + "/only-owner");
        assertThat(ownerOnly.status()).isEqualTo(400);
        assertThat(ownerOnly.errorMessage()).contains("git@127.0.0.1:OWNER/REPO.git");
    }

    @Test
    void namesThatBreakGitHubsRulesAreRefusedBeforeAnyCallToGitHub() {
        String login = alice.login();
        GITHUB.createRepo(login, "app");
        List<FakeGitHub.Recorded> before = callsWithTheToken();

        for (String url : List.of(
                host() + "/../user",
                GITHUB.url() + "/../user",
                "git@127.0.0.1:../user.git",
                GITHUB.url() + "/" + login + "/..",
                GITHUB.url() + "/" + login + "/..git",
                host() + "/" + login + "/.",
                host() + "/%2e%2e/user",
                host() + "/" + login + "/app%2F..",
                host() + "/-" + login + "/app",
                host() + "/" + login + "-/app",
                host() + "/a--b/app",
                host() + "/own__er/app",
                host() + "/" + "a".repeat(40) + "/app",
                host() + "/" + login + "/" + "r".repeat(101))) {
            ApiResponse response = add(url);
            assertThat(response.status()).as("%s -> %s", url, response).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("INVALID_REQUEST");
            assertThat(response.errorMessage()).as(url).contains("breaks GitHub's rules");
        }

        assertThat(callsWithTheToken()).as("no request reached GitHub").isEqualTo(before);
        assertThat(GITHUB.requests())
                .noneMatch(r -> r.path().contains("..") || r.path().contains("%2"));
        assertThat(api.get("/api/projects").json().isEmpty()).isTrue();
        // the longest names GitHub allows are names
        assertThat(add(host() + "/" + login + "/" + "r".repeat(100)).status()).isEqualTo(422);
    }

    @Test
    void refusedSampleRequestsWriteNothing() throws Exception {
        for (int i = 0; i < 20; i++) {
            ApiResponse refused = api.post("/api/projects/demo");
            assertThat(refused.status()).as("%s", refused).isEqualTo(403);
            assertThat(refused.errorMessage()).contains("local mode only");
        }

        Path samples = DATA_DIR.resolve("samples");
        assertThat(!Files.exists(samples) || isEmpty(samples))
                .as("no sample repository is left in %s", samples)
                .isTrue();
        assertThat(api.get("/api/projects").json().isEmpty()).isTrue();
    }

    @Test
    void aCloneThatFailsLeavesNoDirectoryAndNoServerPathInTheMessage() throws Exception {
        GITHUB.createRepo(alice.login(), "broken");
        // GitHub still answers for the repository, but git cannot fetch it
        dev.internvillage.git.GitRepositories.deleteTree(GITHUB.barePath(alice.login(), "broken"));
        List<Path> projectsBefore = children(DATA_DIR.resolve("projects"));

        ApiResponse response = add(host() + "/" + alice.login() + "/broken");

        assertThat(response.status()).as("%s", response).isEqualTo(422);
        assertThat(response.errorMessage()).contains("could not clone");
        assertThat(response.body())
                .doesNotContain(DATA_DIR.toString())
                .doesNotContain(DATA_DIR.toRealPath().toString());
        assertThat(children(DATA_DIR.resolve("projects"))).isEqualTo(projectsBefore);
        assertThat(api.get("/api/projects").json().isEmpty()).isTrue();
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static List<Path> children(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        }
    }

    /** Every API request the fake received with alice's token. */
    private List<FakeGitHub.Recorded> callsWithTheToken() {
        return GITHUB.requests().stream()
                .filter(r -> ("Bearer " + alice.token()).equals(r.headers().get("authorization")))
                .toList();
    }

    @Test
    void githubComIsRefusedWhileAnotherGitHubIsConfigured() {
        GITHUB.createRepo(alice.login(), "elsewhere");

        for (String url : List.of(
                "github.com/" + alice.login() + "/elsewhere",
                "https://github.com/" + alice.login() + "/elsewhere.git",
                "git@github.com:" + alice.login() + "/elsewhere.git")) {
            ApiResponse response = add(url);
            assertThat(response.status()).as("%s: %s", url, response).isEqualTo(422);
            assertThat(response.errorMessage()).contains("this server works with the GitHub at " + GITHUB.url());
        }
        assertThat(GITHUB.requests("GET", "/repos/" + alice.login() + "/elsewhere"))
                .as("nothing looked up on the wrong server")
                .isEmpty();
    }
}
