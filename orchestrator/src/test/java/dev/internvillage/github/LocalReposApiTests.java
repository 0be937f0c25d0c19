package dev.internvillage.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.GitFixtures;
import dev.internvillage.testing.github.GitHubTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A signed-in user of a hosted server can add local repositories only under LOCAL_REPOS_ROOT. */
class LocalReposApiTests extends GitHubTestBase {

    private Api api;

    @BeforeEach
    void signedIn() {
        api = signIn(gitHubUser("local"));
    }

    private ApiResponse add(String repoUrl) {
        return api.post("/api/projects", "{\"repo_url\":" + Api.quote(repoUrl) + "}");
    }

    @Test
    void serverFilesAreRefused() {
        Path outside = GitFixtures.repositoryWithCommit(tmp.resolve("outside"), "main");
        for (String url : new String[] {
            "/etc", "file:///", "file:///etc", outside.toString(), "/no/such/dir", LOCAL_REPOS + "/../" + "../etc"
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
        Path inside = Files.createDirectories(LOCAL_REPOS.resolve("dir-" + UUID.randomUUID()));
        Path link = Files.createSymbolicLink(LOCAL_REPOS.resolve("link-" + UUID.randomUUID()), outside);

        String dotDot = inside + "/../../" + LOCAL_REPOS.getParent().relativize(outside.getParent()) + "/"
                + outside.getFileName();
        assertThat(add(dotDot).status()).as(dotDot).isEqualTo(403);
        assertThat(add("file://" + dotDot).status()).isEqualTo(403);
        assertThat(add(link.toString()).status()).as("symlink").isEqualTo(403);
        assertThat(add(link + "/.").status()).isEqualTo(403);
    }

    @Test
    void aRepositoryUnderTheRootIsAccepted() {
        Path repo = GitFixtures.repositoryWithCommit(LOCAL_REPOS.resolve("ok-" + UUID.randomUUID()), "main");

        ApiResponse created = add("file://" + repo);

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().path("forge").asString()).isEqualTo("local");
    }
}
