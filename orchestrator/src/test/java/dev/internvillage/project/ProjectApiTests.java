package dev.internvillage.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.Api;
import dev.internvillage.testing.ApiResponse;
import dev.internvillage.testing.ApiTestBase;
import dev.internvillage.testing.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ProjectApiTests extends ApiTestBase {

    private static String body(String repoUrl) {
        return "{\"repo_url\":" + Api.quote(repoUrl) + "}";
    }

    private Path cloneOf(String projectId) {
        return dataDir().resolve("projects").resolve(projectId).resolve("repo");
    }

    @Test
    void addsALocalRepositoryByPathAndClonesIt() {
        Api api = newUser();
        Path repo = GitFixtures.repositoryWithCommit(tmp.resolve("shop.git"), "trunk");

        ApiResponse created = api.post("/api/projects", body(repo.toString()));

        assertThat(created.status()).isEqualTo(201);
        JsonNode project = created.json();
        assertThat(project.path("name").asString()).isEqualTo("shop");
        assertThat(project.path("forge").asString()).isEqualTo("local");
        assertThat(project.path("default_branch").asString()).isEqualTo("trunk");
        assertThat(project.path("repo_url").asString()).isEqualTo(repo.toString());
        assertThat(project.path("is_fork").asBoolean()).isFalse();
        assertThat(project.path("was_forked").asBoolean()).isFalse();
        assertThat(project.has("github_owner")).isTrue();
        assertThat(project.has("clone_path")).isFalse();
        assertThat(cloneOf(created.id()).resolve("README.md")).exists();
        assertThat(GitFixtures.git(cloneOf(created.id()), "rev-parse", "--abbrev-ref", "HEAD")
                        .strip())
                .isEqualTo("trunk");
    }

    @Test
    void addsARepositoryByFileUrl() {
        Api api = newUser();
        Path repo = GitFixtures.repositoryWithCommit(tmp.resolve("by-url"), "main");

        ApiResponse created = api.post("/api/projects", body("file://" + repo));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("repo_url").asString()).isEqualTo(repo.toString());
    }

    @Test
    void detectsADefaultBranchOtherThanHead() {
        Api api = newUser();
        Path repo = GitFixtures.repositoryWithCommit(tmp.resolve("unborn-head"), "develop");
        // HEAD now names a branch with no commits; the project takes the branch that has them
        GitFixtures.git(repo, "symbolic-ref", "HEAD", "refs/heads/nothing-here");

        ApiResponse created = api.post("/api/projects", body(repo.toString()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("default_branch").asString()).isEqualTo("develop");
    }

    @Test
    void refusesAPathThatDoesNotExist() {
        ApiResponse response =
                newUser().post("/api/projects", body(tmp.resolve("missing").toString()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(response.errorMessage()).endsWith("does not exist");
    }

    @Test
    void refusesADirectoryThatIsNotAGitRepository() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));

        ApiResponse response = newUser().post("/api/projects", body(plain.toString()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorMessage()).endsWith("is not a git repository");
    }

    @Test
    void refusesAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");

        ApiResponse response = newUser().post("/api/projects", body(file.toString()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorMessage()).endsWith("is not a directory");
    }

    @Test
    void refusesARepositoryWithoutCommits() {
        Path empty = GitFixtures.emptyRepository(tmp.resolve("empty"));

        ApiResponse response = newUser().post("/api/projects", body(empty.toString()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorMessage()).contains("has no commits");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "github.com/octo/hello",
                "https://github.com/octo/hello",
                "https://github.com/octo/hello.git",
                "git@github.com:octo/hello.git"
            })
    void answersGitHubUrlsWithTheNeedForGitHubMode(String url) {
        ApiResponse response = newUser().post("/api/projects", body(url));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo("UNPROCESSABLE");
        assertThat(response.errorMessage()).startsWith("GitHub projects need AUTH_MODE=github");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.com/octo",
                "https://github.com/octo/hello/tree/main",
                "https://gitlab.com/octo/hello",
                "relative/path",
                "ssh://host/repo.git",
                "file://remote-host/repo"
            })
    void refusesUnsupportedOrMalformedLocations(String url) {
        ApiResponse response = newUser().post("/api/projects", body(url));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void refusesAMissingOrBlankRepoUrl() {
        Api api = newUser();

        assertThat(api.post("/api/projects", "{}").errorMessage()).isEqualTo("repo_url is required");
        assertThat(api.post("/api/projects", body("  ")).errorMessage()).isEqualTo("repo_url is required");
        assertThat(api.post("/api/projects", body("/" + "a".repeat(2001))).errorMessage())
                .isEqualTo("repo_url must be at most 2000 characters");
    }

    @Test
    void refusesTheSameRepositoryTwiceForOneUser() {
        Api api = newUser();
        Path repo = GitFixtures.repositoryWithCommit(tmp.resolve("twice"), "main");
        assertThat(api.post("/api/projects", body(repo.toString())).status()).isEqualTo(201);

        ApiResponse again = api.post("/api/projects", body(repo.toString()));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("CONFLICT");
        assertThat(newUser().post("/api/projects", body(repo.toString())).status())
                .as("another user may add it")
                .isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {".git", ".git/refs", "src", "src/deeper"})
    void aPathInsideARepositoryIsThatRepository(String inside) throws Exception {
        Api api = newUser();
        Path repo = GitFixtures.repositoryWithCommit(tmp.resolve("inside"), "main");
        Files.createDirectories(repo.resolve("src/deeper"));
        assertThat(api.post("/api/projects", body(repo.toString())).status()).isEqualTo(201);

        ApiResponse again = api.post("/api/projects", body(repo.resolve(inside).toString()));

        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.errorMessage()).isEqualTo("a project for " + repo + " already exists");
        assertThat(api.get("/api/projects").json().size()).isEqualTo(1);
    }

    @Test
    void aLinkedWorktreeIsItsMainRepository() {
        Api api = newUser();
        Path repo = GitFixtures.repositoryWithCommit(tmp.resolve("main-tree"), "main");
        Path linked = tmp.resolve("linked-tree");
        GitFixtures.git(repo, "worktree", "add", "--quiet", "-b", "side", linked.toString());
        assertThat(api.post("/api/projects", body(repo.toString())).status()).isEqualTo(201);

        assertThat(api.post("/api/projects", body(linked.toString())).status()).isEqualTo(409);
    }

    @Test
    void aRepositoryAddedByItsGitDirectoryIsRecordedByItsTop() {
        Api api = newUser();
        Path repo = GitFixtures.repositoryWithCommit(tmp.resolve("by-git-dir"), "main");

        ApiResponse created =
                api.post("/api/projects", body(repo.resolve(".git").toString()));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("repo_url").asString()).isEqualTo(repo.toString());
        assertThat(created.json().path("name").asString()).isEqualTo("by-git-dir");
        assertThat(api.post("/api/projects", body(repo.toString())).status()).isEqualTo(409);
    }

    @Test
    void aBareRepositoryIsItsOwnTop() {
        Api api = newUser();
        Path source = GitFixtures.repositoryWithCommit(tmp.resolve("bare-source"), "main");
        Path bare = tmp.resolve("shared.git");
        GitFixtures.git(tmp, "clone", "--quiet", "--bare", source.toString(), bare.toString());

        ApiResponse created = api.post("/api/projects", body(bare.toString()));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("repo_url").asString()).isEqualTo(bare.toString());
        assertThat(api.post("/api/projects", body(bare.resolve("refs").toString()))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void listsOnlyTheUsersOwnProjects() {
        Api alice = newUser();
        Api bob = newUser();
        String first = createProject(alice);
        String second = createProject(alice);
        createProject(bob);

        ApiResponse list = alice.get("/api/projects");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().isArray()).isTrue();
        assertThat(list.json().valueStream().map(p -> p.path("id").asString())).containsExactly(first, second);
    }

    @Test
    void getsOneProject() {
        Api api = newUser();
        String id = createProject(api);

        ApiResponse project = api.get("/api/projects/" + id);

        assertThat(project.status()).isEqualTo(200);
        assertThat(project.id()).isEqualTo(id);
    }

    @Test
    void anUnknownProjectIsNotFound() {
        ApiResponse response = newUser().get("/api/projects/00000000-0000-0000-0000-00000000beef");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void deleteRemovesTheProjectItsTasksAndItsClone() {
        Api api = newUser();
        String id = createProject(api);
        String task = createTask(api, id);
        assertThat(cloneOf(id)).exists();

        assertThat(api.delete("/api/projects/" + id).status()).isEqualTo(204);

        assertThat(api.get("/api/projects/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/tasks/" + task).status()).isEqualTo(404);
        assertThat(dataDir().resolve("projects").resolve(id)).doesNotExist();
        assertThat(api.delete("/api/projects/" + id).status()).isEqualTo(404);
    }

    @Test
    void cleanupRemovesTheCloneButKeepsTheProject() {
        Api api = newUser();
        String id = createProject(api);

        assertThat(api.post("/api/projects/" + id + "/cleanup").status()).isEqualTo(204);

        assertThat(dataDir().resolve("projects").resolve(id)).doesNotExist();
        assertThat(api.get("/api/projects/" + id).status()).isEqualTo(200);
    }

    @Test
    void createsASampleProjectInOneClick() {
        Api api = newUser();

        ApiResponse sample = api.post("/api/projects/demo");

        assertThat(sample.status()).isEqualTo(201);
        assertThat(sample.json().path("name").asString()).isEqualTo("todo-app");
        assertThat(api.post("/api/projects/demo").json().path("name").asString())
                .as("a second sample gets a name of its own")
                .isEqualTo("todo-app-2");
        assertThat(sample.json().path("default_branch").asString()).isEqualTo("main");
        assertThat(cloneOf(sample.id()).resolve("src/todos.js")).exists();
        assertThat(GitFixtures.git(cloneOf(sample.id()), "log", "--oneline")).contains("Initial commit");
    }
}
