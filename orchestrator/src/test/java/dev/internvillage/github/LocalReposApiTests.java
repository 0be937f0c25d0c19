package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.github.FakeGitHub;
import dev.internvillage.testing.github.GitHubTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A signed-in user of a hosted server can add local repositories only under their own directory of
 * LOCAL_REPOS_ROOT, named by their GitHub login.
 */
class LocalReposApiTests extends GitHubTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gitHubMode(registry);
    }

    private Api api;
    private Path own;

    @BeforeEach
    void signedIn() throws Exception {
        FakeGitHub.User user = gitHubUser("Local");
        api = signIn(user);
        own = Files.createDirectories(LOCAL_REPOS.resolve(user.login().toLowerCase(Locale.ROOT)));
    }

    private ApiResponse add(String repoUrl) {
        return add(api, repoUrl);
    }

    private static ApiResponse add(Api api, String repoUrl) {
        return api.post("/api/projects", "{\"repo_url\":" + Api.quote(repoUrl) + "}");
    }

    @Test
    void serverFilesAreRefused() {
        Path outside = GitFixtures.repositoryWithCommit(tmp.resolve("outside"), "main");
        for (String url : new String[] {
            "/etc", "file:///", "file:///etc", outside.toString(), "/no/such/dir", own + "/../../" + "../etc"
        }) {
            ApiResponse response = add(url);
            assertThat(response.status()).as(url).isEqualTo(403);
            assertThat(response.errorMessage()).as(url).contains("LOCAL_REPOS_ROOT");
        }
        assertThat(api.get("/api/projects").json().isEmpty()).isTrue();
    }

    @Test
    void dotDotAndSymlinkEscapesAreRefused() throws Exception {
        Path outside = GitFixtures.repositoryWithCommit(tmp.resolve("secret-" + UUID.randomUUID()), "main");
        Path inside = Files.createDirectories(own.resolve("dir-" + UUID.randomUUID()));
        Path link = Files.createSymbolicLink(own.resolve("link-" + UUID.randomUUID()), outside);

        String dotDot = inside + "/../../../" + LOCAL_REPOS.getParent().relativize(outside.getParent()) + "/"
                + outside.getFileName();
        assertThat(add(dotDot).status()).as(dotDot).isEqualTo(403);
        assertThat(add("file://" + dotDot).status()).isEqualTo(403);
        assertThat(add(link.toString()).status()).as("symlink").isEqualTo(403);
        assertThat(add(link + "/.").status()).isEqualTo(403);
    }

    @Test
    void aRepositoryUnderTheUsersOwnDirectoryIsAccepted() {
        Path repo = GitFixtures.repositoryWithCommit(own.resolve("ok-" + UUID.randomUUID()), "main");

        ApiResponse created = add("file://" + repo);

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().path("forge").asString()).isEqualTo("local");
    }

    @Test
    void anotherUsersRepositoriesAndTheSharedRootAreRefused() {
        FakeGitHub.User other = gitHubUser("other");
        Path othersDirectory = LOCAL_REPOS.resolve(other.login());
        Path theirs = GitFixtures.repositoryWithCommit(othersDirectory.resolve("theirs"), "main");
        Path shared = GitFixtures.repositoryWithCommit(LOCAL_REPOS.resolve("shared-" + UUID.randomUUID()), "main");
        Path viaDotDot = own.resolve("..").resolve(other.login()).resolve("theirs");

        for (Path path : new Path[] {theirs, shared, viaDotDot}) {
            ApiResponse response = add(path.toString());
            assertThat(response.status()).as("%s -> %s", path, response).isEqualTo(403);
            assertThat(response.errorMessage()).contains("your own directory");
        }
        assertThat(add(signIn(other), theirs.toString()).status())
                .as("the other user may add it")
                .isEqualTo(201);
    }
}
