package dev.internvillage.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The git operations agents' workspaces need: syncing a clone from its origin, worktrees per
 * branch, pushing, and comparing a branch with its base. Mechanism only; when to do what is the
 * agent module's business.
 */
@Component
public class GitWorkspace {

    private final GitCli git;

    GitWorkspace(GitCli git) {
        this.git = git;
    }

    /** Fetches {@code branch} from origin into {@code origin/<branch>}. */
    public void fetch(Path clone, String branch) {
        fetch(clone, "origin", branch, null);
    }

    /** Fetches {@code branch} from {@code remote} into {@code <remote>/<branch>}. */
    public void fetch(Path clone, String remote, String branch, @Nullable GitCredentials credentials) {
        git.run(
                clone,
                credentials,
                "fetch",
                "--quiet",
                "--prune",
                remote,
                "+refs/heads/" + branch + ":refs/remotes/" + remote + "/" + branch);
    }

    /**
     * Brings a fork's {@code branch} up to {@code upstream/<branch>}: origin's copy is pushed forward
     * when it can be (fast-forward only), and {@code origin/<branch>} is set to upstream's either
     * way, since work is based on upstream and pull requests go there.
     *
     * @return whether the fork itself could be updated
     */
    public boolean advanceFork(Path clone, String branch, @Nullable GitCredentials credentials) {
        String upstream = "refs/remotes/upstream/" + branch;
        boolean pushed = git.exec(clone, credentials, "push", "--quiet", "origin", upstream + ":refs/heads/" + branch)
                .ok();
        git.run(clone, "update-ref", "refs/remotes/origin/" + branch, upstream);
        return pushed;
    }

    /** {@code <short hash> <subject>} of each commit {@code head} has that {@code base} has not, oldest first. */
    public List<String> commitLines(Path repository, String base, String head) {
        String out = git.run(repository, "log", "--reverse", "--format=%h %s", base + ".." + head);
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    /**
     * Puts the clone's working tree on {@code branch} exactly as origin has it: local changes and
     * untracked files are dropped (the clone is the planner's read-only view).
     */
    public void resetToOrigin(Path clone, String branch) {
        git.run(clone, "checkout", "--quiet", "--force", "-B", branch, "origin/" + branch);
        git.run(clone, "clean", "--quiet", "-fd");
    }

    /** The commit a ref points at. */
    public String revParse(Path repository, String ref) {
        return git.run(repository, "rev-parse", "--verify", "--quiet", ref + "^{commit}")
                .strip();
    }

    /** The branch checked out in a worktree, or null when detached or not a worktree. */
    public @Nullable String currentBranch(Path worktree) {
        GitCli.Result result = git.exec(worktree, "symbolic-ref", "--quiet", "--short", "HEAD");
        return result.ok() ? result.stdout().strip() : null;
    }

    public boolean branchExists(Path repository, String branch) {
        return git.exec(repository, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch)
                .ok();
    }

    /**
     * A worktree at {@code path} on {@code branch}: the branch is made from {@code startPoint} when
     * it does not exist yet; an existing worktree there is kept as it is.
     */
    public void addWorktree(Path clone, Path path, String branch, String startPoint) {
        if (Files.isDirectory(path.resolve(".git")) || Files.isRegularFile(path.resolve(".git"))) {
            return;
        }
        git.run(clone, "worktree", "prune");
        if (branchExists(clone, branch)) {
            git.run(clone, "worktree", "add", "--quiet", path.toString(), branch);
        } else {
            git.run(clone, "worktree", "add", "--quiet", "-b", branch, path.toString(), startPoint);
        }
    }

    /** Removes a worktree's directory; its branch and commits stay in the clone. */
    public void removeWorktree(Path clone, Path path) {
        if (Files.exists(path)) {
            git.run(clone, "worktree", "remove", "--force", path.toString());
        }
        git.run(clone, "worktree", "prune");
    }

    /**
     * Merges {@code ref} into the branch checked out in {@code worktree}, as {@code git merge} would:
     * committed when clean; on conflicts git stops with the markers in the files and the merge in
     * progress, for an agent to finish. A merge left unfinished by an earlier attempt is aborted first.
     *
     * @return the conflicting paths, empty when the merge was committed (or there was nothing to merge)
     */
    public List<String> mergeIntoWorktree(Path worktree, String ref, String message) {
        if (mergeInProgress(worktree)) {
            git.run(worktree, "merge", "--abort");
        }
        GitCli.Result merged =
                git.exec(worktree, "-c", "merge.conflictStyle=merge", "merge", "--no-edit", "-m", message, ref);
        if (merged.ok()) {
            return List.of();
        }
        String unmerged = git.run(worktree, "diff", "--name-only", "--diff-filter=U");
        if (unmerged.isBlank()) {
            throw new GitException(
                    "git merge failed (exit " + merged.exitCode() + "): "
                            + merged.stderr().strip(),
                    merged.exitCode());
        }
        return List.of(unmerged.strip().split("\n"));
    }

    /** Whether a merge was started in the worktree and not yet committed or aborted. */
    public boolean mergeInProgress(Path worktree) {
        return git.exec(worktree, "rev-parse", "--verify", "--quiet", "MERGE_HEAD")
                .ok();
    }

    /** How many commits {@code head} has that {@code base} has not. */
    public int commitsAhead(Path repository, String base, String head) {
        return Integer.parseInt(
                git.run(repository, "rev-list", "--count", base + ".." + head).strip());
    }

    /** Pushes {@code branch} to origin, replacing what a previous attempt pushed there. */
    public void push(Path clone, String branch) {
        push(clone, branch, null);
    }

    /**
     * Pushes {@code branch} to origin with {@code credentials}, replacing a previous attempt's push:
     * forced, but only over what this clone last pushed or fetched there ({@code --force-with-lease}),
     * so commits someone else pushed to the branch meanwhile make the push fail instead of being lost.
     */
    public void push(Path clone, String branch, @Nullable GitCredentials credentials) {
        String tracking = "refs/remotes/origin/" + branch;
        GitCli.Result known = git.exec(clone, "rev-parse", "--verify", "--quiet", tracking + "^{commit}");
        // an empty expected value: the branch must not exist on origin yet
        String expected = known.ok() ? known.stdout().strip() : "";
        git.run(
                clone,
                credentials,
                "push",
                "--quiet",
                "--force-with-lease=refs/heads/" + branch + ":" + expected,
                "origin",
                "refs/heads/" + branch + ":refs/heads/" + branch);
        git.run(clone, "update-ref", "refs/remotes/origin/" + branch, "refs/heads/" + branch);
    }

    /**
     * Commits on {@code branch} that origin does not have: compared with {@code origin/<branch>}
     * when it was pushed, else with {@code origin/<base>}.
     */
    public int unpushedCommits(Path clone, String branch, String base) {
        if (!branchExists(clone, branch)) {
            return 0;
        }
        String upstream = git.exec(clone, "rev-parse", "--verify", "--quiet", "refs/remotes/origin/" + branch)
                        .ok()
                ? "refs/remotes/origin/" + branch
                : "refs/remotes/origin/" + base;
        return commitsAhead(clone, upstream, "refs/heads/" + branch);
    }

    /** One changed file of a diff. */
    public record FileChange(
            String path, String oldPath, String status, int additions, int deletions, boolean binary) {}

    /** The changes of {@code head} since it left {@code base} (three-dot diff). */
    public List<FileChange> changedFiles(Path repository, String base, String head) {
        String range = base + "..." + head;
        String names = git.run(repository, "diff", "--name-status", "-M", "-z", range);
        List<String> statuses = names.isEmpty() ? List.of() : List.of(names.split("\0"));
        List<String> numstat = List.of(
                git.run(repository, "diff", "--numstat", "-M", "-z", range).split("\0"));
        List<FileChange> changes = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < statuses.size(); ) {
            String code = statuses.get(i++);
            String oldPath = statuses.get(i++);
            String path = code.startsWith("R") || code.startsWith("C") ? statuses.get(i++) : oldPath;
            int[] counts = {0, 0};
            boolean binary = false;
            // numstat -z: "add\tdel\tpath" or, for renames, "add\tdel\t" followed by old and new path
            if (n < numstat.size()) {
                String[] fields = numstat.get(n++).split("\t", 3);
                if (fields.length >= 2) {
                    binary = fields[0].equals("-");
                    counts[0] = binary ? 0 : Integer.parseInt(fields[0]);
                    counts[1] = binary ? 0 : Integer.parseInt(fields[1]);
                }
                if (fields.length == 3 && fields[2].isEmpty()) {
                    n += 2;
                }
            }
            changes.add(new FileChange(path, oldPath, statusName(code), counts[0], counts[1], binary));
        }
        return changes;
    }

    /** The unified diff of {@code head} since it left {@code base}. */
    public String unifiedDiff(Path repository, String base, String head) {
        return git.run(repository, "diff", "-M", "--no-color", base + "..." + head);
    }

    private static String statusName(String code) {
        return switch (code.charAt(0)) {
            case 'A' -> "added";
            case 'D' -> "deleted";
            case 'R' -> "renamed";
            case 'C' -> "copied";
            default -> "modified";
        };
    }
}
