package dev.internvillage.git;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Merges one branch into another inside a repository, as a person would with {@code git merge}, and
 * answers the questions around it (would it conflict, is it merged already) without touching a work
 * tree. The target branch only ever moves forward: the result is committed on top of its current
 * head and the branch is updated with a plain (non-force) push or a fast-forward in the work tree
 * that has it checked out, so git itself refuses anything that would rewrite it.
 */
@Component
public class GitMerges {

    private final GitCli git;

    GitMerges(GitCli git) {
        this.git = git;
    }

    /** How the branch's work lands on the target. */
    public enum Method {
        /** Fast-forward when possible, otherwise a merge commit with both heads as parents. */
        MERGE,
        /** One new commit on the target with the merged tree; the branch's history stays out. */
        SQUASH,
        /** Only a fast-forward; refused when the target has moved on since the branch left it. */
        FAST_FORWARD_ONLY
    }

    /** What a merge did. */
    public enum Kind {
        ALREADY_MERGED,
        FAST_FORWARD,
        MERGE_COMMIT,
        SQUASH_COMMIT
    }

    /** The merge's outcome: what it did and the target's new head. */
    public record Result(Kind kind, String head) {}

    /**
     * Files that would conflict if {@code head} were merged into {@code base} (both refs or commits),
     * computed with {@code git merge-tree --write-tree} (git 2.38+): no work tree or index is touched.
     *
     * @return the conflicting paths, empty when the merge is clean
     */
    public List<String> conflicts(Path repository, String base, String head) {
        GitCli.Result result =
                git.exec(repository, "merge-tree", "--write-tree", "--name-only", "--no-messages", base, head);
        if (result.exitCode() == 0) {
            return List.of();
        }
        if (result.exitCode() != 1) {
            throw new GitException(
                    "git merge-tree failed (exit " + result.exitCode() + "): "
                            + result.stderr().strip(),
                    result.exitCode());
        }
        List<String> files = new ArrayList<>();
        String[] lines = result.stdout().split("\n");
        // first line: the tree written with conflict markers; then one conflicted path per line
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            files.add(lines[i]);
        }
        return files;
    }

    /** Whether {@code ancestor} is reachable from {@code descendant} ({@code git merge-base --is-ancestor}). */
    public boolean isAncestor(Path repository, String ancestor, String descendant) {
        GitCli.Result result = git.exec(repository, "merge-base", "--is-ancestor", ancestor, descendant);
        if (result.exitCode() > 1) {
            throw new GitException("git merge-base failed: " + result.stderr().strip(), result.exitCode());
        }
        return result.ok();
    }

    /**
     * Whether merging {@code head} into {@code base} would change nothing: it is an ancestor, or its
     * changes are all there already (e.g. merged by hand as a squash).
     */
    public boolean contains(Path repository, String base, String head) {
        if (isAncestor(repository, head, base)) {
            return true;
        }
        GitCli.Result merged = git.exec(repository, "merge-tree", "--write-tree", "--no-messages", base, head);
        return merged.ok()
                && merged.stdout()
                        .strip()
                        .equals(git.run(repository, "rev-parse", base + "^{tree}")
                                .strip());
    }

    /** The commit a ref points at, if the ref exists. */
    public Optional<String> resolve(Path repository, String ref) {
        GitCli.Result result = git.exec(repository, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        return result.ok() ? Optional.of(result.stdout().strip()) : Optional.empty();
    }

    /**
     * The work tree of {@code repository} (the main one or a linked one) that has {@code branch}
     * checked out, if any. A bare repository without linked work trees has none.
     */
    public Optional<Path> worktreeWith(Path repository, String branch) {
        String list = git.run(repository, "worktree", "list", "--porcelain");
        String path = null;
        for (String line : list.split("\n")) {
            if (line.startsWith("worktree ")) {
                path = line.substring("worktree ".length());
            } else if (line.equals("branch refs/heads/" + branch) && path != null) {
                return Optional.of(Path.of(path));
            }
        }
        return Optional.empty();
    }

    /** Tracked files of the work tree that differ from its HEAD (staged or not); untracked files don't count. */
    public List<String> uncommittedChanges(Path worktree) {
        String status = git.run(worktree, "status", "--porcelain", "--untracked-files=no");
        return status.isBlank()
                ? List.of()
                : status.lines().map(line -> line.substring(3)).toList();
    }

    /**
     * Merges {@code source} (a branch of the repository) into {@code target}. Refused, with nothing
     * changed, when it would conflict, when {@link Method#FAST_FORWARD_ONLY} cannot fast-forward, or
     * when the target is checked out in a work tree with uncommitted changes. A checked-out target is
     * updated in its work tree exactly as {@code git merge} would (HEAD, index and files); otherwise
     * the new head is pushed to the branch without force, which runs the repository's receive hooks.
     *
     * @throws MergeRefused when the merge cannot be done as asked
     */
    public Result merge(Path repository, String target, String source, Method method, String message) {
        String targetRef = "refs/heads/" + target;
        String base = resolve(repository, targetRef)
                .orElseThrow(() -> new MergeRefused("branch " + target + " does not exist", List.of()));
        String head = resolve(repository, "refs/heads/" + source)
                .orElseThrow(() -> new MergeRefused("branch " + source + " does not exist", List.of()));
        if (isAncestor(repository, head, base)) {
            return new Result(Kind.ALREADY_MERGED, base);
        }
        Optional<Path> worktree = worktreeWith(repository, target);
        if (worktree.isPresent()) {
            List<String> dirty = uncommittedChanges(worktree.get());
            if (!dirty.isEmpty()) {
                throw new MergeRefused(
                        target + " is checked out with uncommitted changes (" + String.join(", ", dirty)
                                + "); commit or stash them, then merge again",
                        List.of());
            }
        }
        List<String> conflicts = conflicts(repository, base, head);
        if (!conflicts.isEmpty()) {
            throw new MergeRefused(
                    source + " conflicts with " + target + " in " + conflicts.size() + " file"
                            + (conflicts.size() == 1 ? "" : "s") + ": " + String.join(", ", conflicts),
                    conflicts);
        }
        boolean fastForward = isAncestor(repository, base, head);
        Result result;
        if (method == Method.FAST_FORWARD_ONLY && !fastForward) {
            throw new MergeRefused(
                    "cannot fast-forward " + target + " to " + source + ": " + target
                            + " has moved on since the branch left it (the project's merge method is fast-forward-only)",
                    List.of());
        } else if (method != Method.SQUASH && fastForward) {
            result = new Result(Kind.FAST_FORWARD, head);
        } else {
            String tree = git.run(repository, "merge-tree", "--write-tree", "--no-messages", base, head)
                    .strip();
            String commit = method == Method.SQUASH
                    ? git.run(repository, "commit-tree", tree, "-p", base, "-m", message)
                    : git.run(repository, "commit-tree", tree, "-p", base, "-p", head, "-m", message);
            result = new Result(method == Method.SQUASH ? Kind.SQUASH_COMMIT : Kind.MERGE_COMMIT, commit.strip());
        }
        moveForward(repository, worktree, target, base, result.head());
        return result;
    }

    /** Moves {@code target} from {@code base} to its descendant {@code head}, never by force. */
    private void moveForward(Path repository, Optional<Path> worktree, String target, String base, String head) {
        GitCli.Result moved;
        if (worktree.isPresent()) {
            // the user may have committed since we looked: then HEAD is no longer base, and the
            // fast-forward-only merge refuses instead of dropping their commit
            String current = git.run(worktree.get(), "rev-parse", "HEAD").strip();
            if (!current.equals(base)) {
                throw new MergeRefused(target + " moved while merging; try again", List.of());
            }
            moved = git.exec(worktree.get(), "merge", "--ff-only", "--quiet", head);
        } else {
            moved = git.exec(repository, "push", "--quiet", ".", head + ":refs/heads/" + target);
        }
        if (!moved.ok()) {
            String why = moved.stderr().strip();
            throw new MergeRefused("git refused to update " + target + (why.isEmpty() ? "" : ": " + why), List.of());
        }
    }

    /** A merge that was not done, and why; nothing was changed. */
    public static final class MergeRefused extends RuntimeException {

        private final List<String> conflicts;

        MergeRefused(String message, List<String> conflicts) {
            super(message);
            this.conflicts = List.copyOf(conflicts);
        }

        /** The conflicting files when the refusal is a conflict, else empty. */
        public List<String> conflicts() {
            return conflicts;
        }
    }
}
