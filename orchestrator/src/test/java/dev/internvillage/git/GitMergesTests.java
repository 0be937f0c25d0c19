package dev.internvillage.git;

import static dev.internvillage.testing.GitFixtures.git;
import static dev.internvillage.testing.GitFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.internvillage.common.DataDirectory;
import dev.internvillage.testing.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merges in real repositories, without the app: what moves, and what must never be touched. */
class GitMergesTests {

    @TempDir
    Path tmp;

    private GitMerges merges;
    private Path repo;

    @BeforeEach
    void setUp() {
        merges = new GitMerges(new GitCli(new DataDirectory(tmp.resolve("data"))));
        repo = GitFixtures.repositoryWithCommit(tmp.resolve("repo"), "main");
    }

    /** A branch off main with one commit writing {@code file}. */
    private void branch(String name, String file, String content) {
        git(repo, "branch", name, "main");
        Path work = tmp.resolve("wt-" + name);
        git(repo, "worktree", "add", "--quiet", work.toString(), name);
        write(work.resolve(file), content);
        git(work, "add", "-A");
        git(work, "commit", "--quiet", "-m", "change " + file);
        git(repo, "worktree", "remove", work.toString());
    }

    private void commitOnMain(String file, String content) {
        write(repo.resolve(file), content);
        git(repo, "add", "-A");
        git(repo, "commit", "--quiet", "-m", "main changes " + file);
    }

    private String head(String ref) {
        return git(repo, "rev-parse", ref).strip();
    }

    @Test
    void fastForwardsWhenMainHasNotMovedAndUpdatesTheCheckedOutWorkTree() {
        branch("feature", "f.txt", "f\n");

        GitMerges.Result result = merges.merge(repo, "main", "feature", GitMerges.Method.MERGE, "msg");

        assertThat(result.kind()).isEqualTo(GitMerges.Kind.FAST_FORWARD);
        assertThat(head("main")).isEqualTo(head("feature"));
        assertThat(repo.resolve("f.txt")).hasContent("f");
        assertThat(git(repo, "status", "--porcelain")).isBlank();
        assertThat(merges.merge(repo, "main", "feature", GitMerges.Method.MERGE, "msg")
                        .kind())
                .isEqualTo(GitMerges.Kind.ALREADY_MERGED);
    }

    @Test
    void aMovedMainGetsAMergeCommitOrASquashOrARefusalWhenFastForwardOnly() {
        branch("one", "one.txt", "1\n");
        branch("two", "two.txt", "2\n");
        commitOnMain("main.txt", "m\n");
        String before = head("main");

        assertThatThrownBy(() -> merges.merge(repo, "main", "one", GitMerges.Method.FAST_FORWARD_ONLY, "msg"))
                .isInstanceOf(GitMerges.MergeRefused.class)
                .hasMessageContaining("cannot fast-forward");
        assertThat(head("main")).isEqualTo(before);

        GitMerges.Result merged = merges.merge(repo, "main", "one", GitMerges.Method.MERGE, "merge one");
        assertThat(merged.kind()).isEqualTo(GitMerges.Kind.MERGE_COMMIT);
        assertThat(git(repo, "log", "-1", "--format=%P %s", "main").strip())
                .isEqualTo(before + " " + head("one") + " merge one");

        GitMerges.Result squashed = merges.merge(repo, "main", "two", GitMerges.Method.SQUASH, "squash two");
        assertThat(squashed.kind()).isEqualTo(GitMerges.Kind.SQUASH_COMMIT);
        assertThat(git(repo, "log", "-1", "--format=%P", "main").strip()).isEqualTo(merged.head());
        assertThat(repo.resolve("two.txt")).hasContent("2");
        assertThat(merges.contains(repo, "refs/heads/main", head("two")))
                .as("a squashed branch's changes count as merged")
                .isTrue();
        assertThat(merges.isAncestor(repo, head("two"), "refs/heads/main")).isFalse();
    }

    @Test
    void conflictsAreFoundWithoutTouchingAnythingAndRefused() throws Exception {
        branch("left", "README.md", "# left\n");
        commitOnMain("README.md", "# right\n");
        String before = head("main");

        assertThat(merges.conflicts(repo, "refs/heads/main", "refs/heads/left")).containsExactly("README.md");
        assertThatThrownBy(() -> merges.merge(repo, "main", "left", GitMerges.Method.MERGE, "msg"))
                .isInstanceOf(GitMerges.MergeRefused.class)
                .hasMessageContaining("conflicts with main in 1 file: README.md");
        assertThat(head("main")).isEqualTo(before);
        assertThat(repo.resolve("README.md")).hasContent("# right");
        assertThat(git(repo, "status", "--porcelain")).isBlank();
        assertThat(Files.exists(repo.resolve(".git/MERGE_HEAD"))).isFalse();
    }

    @Test
    void anUntrackedFileTheMergeWouldOverwriteIsKeptAndTheMergeRefused() throws Exception {
        branch("feature", "notes.txt", "from the branch\n");
        commitOnMain("other.txt", "o\n");
        write(repo.resolve("notes.txt"), "my own notes, never committed\n");
        String before = head("main");

        assertThatThrownBy(() -> merges.merge(repo, "main", "feature", GitMerges.Method.MERGE, "msg"))
                .isInstanceOf(GitMerges.MergeRefused.class)
                .hasMessageContaining("notes.txt");

        assertThat(head("main")).isEqualTo(before);
        assertThat(repo.resolve("notes.txt")).hasContent("my own notes, never committed");
    }

    @Test
    void aMainThatIsNotCheckedOutMovesByAPlainPush() {
        branch("feature", "f.txt", "f\n");
        commitOnMain("m.txt", "m\n");
        git(repo, "checkout", "--quiet", "-b", "elsewhere");
        write(repo.resolve("scratch.txt"), "uncommitted on another branch\n");

        GitMerges.Result result = merges.merge(repo, "main", "feature", GitMerges.Method.MERGE, "msg");

        assertThat(result.kind()).isEqualTo(GitMerges.Kind.MERGE_COMMIT);
        assertThat(head("main")).isEqualTo(result.head());
        assertThat(git(repo, "symbolic-ref", "--short", "HEAD").strip()).isEqualTo("elsewhere");
        assertThat(repo.resolve("scratch.txt")).hasContent("uncommitted on another branch");
        assertThat(merges.worktreeWith(repo, "main")).isEmpty();
    }
}
