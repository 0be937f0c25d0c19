package dev.internvillage.agent.workspace;

import dev.internvillage.common.DataDirectory;
import dev.internvillage.git.GitException;
import dev.internvillage.git.GitWorkspace;
import dev.internvillage.project.GitAccess;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.runlog.RunLogWriter;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The clone and worktrees of each project. Git commands that change a clone run one at a time per
 * project (a lock per project), since planners and workers of one project share that clone's
 * object store and refs.
 */
@Component
public class Workspaces {

    private static final Logger log = LoggerFactory.getLogger(Workspaces.class);
    private static final int SYNC_TRIES = 3;

    private final GitWorkspace git;
    private final ProjectService projects;
    private final DataDirectory dataDirectory;
    private final Map<ProjectId, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Duration syncRetryBase;

    Workspaces(GitWorkspace git, ProjectService projects, DataDirectory dataDirectory) {
        this.git = git;
        this.projects = projects;
        this.dataDirectory = dataDirectory;
        this.syncRetryBase = Duration.ofMillis(500);
    }

    /**
     * A subtask's worktree; {@code created} when this call made it (a new one, or one a clean-up
     * removed, or one that lives on another instance), {@code fromPushedBranch} when a created one
     * started from origin's copy of its branch rather than from the default branch.
     */
    public record Worktree(Path path, String branch, String baseBranch, boolean created, boolean fromPushedBranch) {}

    /**
     * The clone, re-cloned if a clean-up removed it, with its default branch reset to origin's.
     *
     * @throws WorkspaceException when origin cannot be reached after a few tries: the agent must not
     *     run on stale code
     */
    public Path syncClone(Project project, RunLogWriter runLog) {
        return locked(project.id(), () -> {
            Path clone = projects.ensureClone(project);
            syncDefaultBranch(project, clone, runLog);
            git.resetToOrigin(clone, project.defaultBranch());
            return clone;
        });
    }

    /**
     * The subtask's worktree, made from origin's default branch the first time and kept across
     * attempts (so a retry builds on what an earlier attempt committed).
     */
    public Worktree prepareWorktree(Project project, Task task, Subtask subtask, RunLogWriter runLog) {
        return locked(project.id(), () -> {
            Path clone = projects.ensureClone(project);
            syncDefaultBranch(project, clone, runLog);
            String branch = branchName(task, subtask);
            Path path = worktreePath(project.id(), branch);
            boolean existed = Files.exists(path);
            String startPoint = startPoint(project, clone, subtask, branch);
            git.addWorktree(clone, path, branch, startPoint);
            runLog.note((existed ? "Reusing worktree " : "Created worktree ") + "on branch " + branch);
            return new Worktree(
                    path,
                    branch,
                    project.defaultBranch(),
                    !existed,
                    !existed && startPoint.equals("refs/remotes/origin/" + branch));
        });
    }

    /**
     * Where a new worktree's branch starts: origin's default branch, or, for a branch a worker pushed
     * before that this clone does not have (a clean-up removed the clone, or the earlier attempt ran on
     * another instance, whose worktrees live in its own data directory), origin's copy of it, so a
     * follow-up builds on the pushed work instead of starting over.
     */
    private String startPoint(Project project, Path clone, Subtask subtask, String branch) {
        String fromDefault = "refs/remotes/origin/" + project.defaultBranch();
        if (subtask.branchName() == null || git.branchExists(clone, branch)) {
            return fromDefault;
        }
        try {
            git.fetch(clone, "origin", branch, projects.gitAccess(project).credentials());
            return "refs/remotes/origin/" + branch;
        } catch (GitException e) {
            // never pushed (the first attempt failed before its push): start afresh
            return fromDefault;
        }
    }

    /**
     * Merges origin's default branch (synced when the worktree was prepared) into the worktree's
     * branch for a conflict follow-up; on conflicts the markers stay for the agent.
     *
     * @return the conflicting files, empty when the merge was clean and committed
     */
    public List<String> mergeDefaultBranch(Project project, Worktree worktree) {
        return locked(
                project.id(),
                () -> git.mergeIntoWorktree(
                        worktree.path(),
                        "refs/remotes/origin/" + worktree.baseBranch(),
                        "Merge " + worktree.baseBranch() + " into " + worktree.branch()));
    }

    /**
     * What is still wrong after an agent was asked to resolve a merge, or null when it is done: the
     * merge committed, the default branch contained, no conflict markers left in {@code conflicted}.
     */
    public @Nullable String unresolvedMerge(Worktree worktree, List<String> conflicted) {
        if (git.mergeInProgress(worktree.path())) {
            return "the merge of " + worktree.baseBranch() + " is not finished: resolve the conflicts, `git add` the"
                    + " files and `git commit` (do not abort the merge)";
        }
        if (git.commitsAhead(worktree.path(), "HEAD", "refs/remotes/origin/" + worktree.baseBranch()) > 0) {
            return "the branch does not contain " + worktree.baseBranch() + ": finish the merge instead of aborting it";
        }
        List<String> marked = conflicted.stream()
                .filter(file -> hasConflictMarkers(worktree.path().resolve(file)))
                .toList();
        return marked.isEmpty() ? null : "conflict markers are left in " + String.join(", ", marked);
    }

    private static boolean hasConflictMarkers(Path file) {
        try (var lines = Files.lines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.startsWith("<<<<<<< ") || line.startsWith(">>>>>>> "));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // deleted or unreadable: nothing of the conflict is left in it
            return false;
        }
    }

    /** Commits the branch has beyond origin's default branch. */
    public int commitsAhead(Project project, Worktree worktree) {
        return git.commitsAhead(
                worktree.path(), "refs/remotes/origin/" + worktree.baseBranch(), "refs/heads/" + worktree.branch());
    }

    /** The commit the worktree's branch is at. */
    public String head(Worktree worktree) {
        return git.revParse(worktree.path(), "HEAD");
    }

    /** Pushes the worker's branch to origin; never the default branch, which only merges move. */
    public void push(Project project, String branch) {
        if (branch.equals(project.defaultBranch())) {
            throw new IllegalStateException("refusing to push the default branch " + branch + " as a work branch");
        }
        locked(project.id(), () -> {
            git.push(
                    projects.ensureClone(project),
                    branch,
                    projects.gitAccess(project).credentials());
            return null;
        });
    }

    /**
     * Removes a subtask's worktree unless it holds commits origin does not have; those are kept and
     * logged, never dropped silently.
     *
     * @return true when removed (or already gone)
     */
    public boolean removeWorktree(Project project, String branch) {
        return removeWorktree(project, branch, false);
    }

    /**
     * Removes a subtask's worktree; with {@code discardUnpushed} even one whose commits origin does
     * not have (the user confirmed losing them).
     *
     * @return true when removed (or already gone)
     */
    public boolean removeWorktree(Project project, String branch, boolean discardUnpushed) {
        return locked(project.id(), () -> {
            Path clone = dataDirectory.clone(project.id().value());
            Path path = worktreePath(project.id(), branch);
            if (!Files.exists(path) || !Files.isDirectory(clone.resolve(".git"))) {
                return true;
            }
            int unpushed = git.unpushedCommits(clone, branch, project.defaultBranch());
            if (unpushed > 0 && discardUnpushed) {
                log.info(
                        "Removing worktree {} with {} unpushed commit(s) of {}, as the user confirmed",
                        path,
                        unpushed,
                        branch);
            } else if (unpushed > 0) {
                log.warn("Keeping worktree {}: branch {} has {} unpushed commit(s)", path, branch, unpushed);
                return false;
            }
            git.removeWorktree(clone, path);
            return true;
        });
    }

    /** Branches of the project with commits origin does not have, e.g. {@code iv/1a2b3c4d/s1-x (2)}. */
    public List<String> branchesWithUnpushedWork(Project project) {
        Path clone = dataDirectory.clone(project.id().value());
        Path worktrees = dataDirectory.worktrees(project.id().value());
        if (!Files.isDirectory(clone.resolve(".git")) || !Files.isDirectory(worktrees)) {
            return List.of();
        }
        return locked(project.id(), () -> {
            List<String> unpushed = new java.util.ArrayList<>();
            try (var dirs = Files.list(worktrees)) {
                for (Path dir : dirs.toList()) {
                    String branch = git.currentBranch(dir);
                    if (branch != null) {
                        int count = git.unpushedCommits(clone, branch, project.defaultBranch());
                        if (count > 0) {
                            unpushed.add(branch + " (" + count + ")");
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return unpushed;
        });
    }

    /**
     * A readable branch name: {@code iv/<task id prefix>/<key>-<title words>}, unique per subtask
     * because keys are unique within a task.
     */
    public static String branchName(Task task, Subtask subtask) {
        String slug = subtask.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = slug.replaceAll("(^-+|-+$)", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        String key = subtask.key().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        return "iv/" + task.id().value().toString().substring(0, 8) + "/" + key + (slug.isEmpty() ? "" : "-" + slug);
    }

    private Path worktreePath(ProjectId projectId, String branch) {
        return dataDirectory.worktrees(projectId.value()).resolve(branch.replace('/', '_'));
    }

    /**
     * Fetches the default branch from origin; for a fork, from upstream too, and work is then based on
     * upstream's (the fork's own copy is moved forward when it can be).
     */
    private void syncDefaultBranch(Project project, Path clone, RunLogWriter runLog) {
        String branch = project.defaultBranch();
        for (int attempt = 1; ; attempt++) {
            try {
                GitAccess access = projects.gitAccess(project);
                git.fetch(clone, "origin", branch, access.credentials());
                if (access.upstreamUrl() != null) {
                    git.fetch(clone, "upstream", branch, access.credentials());
                    if (!git.advanceFork(clone, branch, access.credentials())) {
                        runLog.note("The fork's " + branch + " has diverged from upstream; basing work on upstream's");
                    }
                }
                runLog.note("Synced " + branch + " from " + (access.upstreamUrl() != null ? "upstream" : "origin")
                        + " at "
                        + git.revParse(clone, "refs/remotes/origin/" + branch).substring(0, 10));
                return;
            } catch (GitException e) {
                runLog.note("Sync of " + branch + " from origin failed (try " + attempt + " of " + SYNC_TRIES + "): "
                        + e.getMessage());
                if (attempt == SYNC_TRIES) {
                    throw new WorkspaceException(
                            "could not sync " + branch + " from origin after " + SYNC_TRIES + " tries: "
                                    + e.getMessage(),
                            e);
                }
                sleep(syncRetryBase.multipliedBy(1L << (attempt - 1)));
            }
        }
    }

    private <T> T locked(ProjectId projectId, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(projectId, id -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkspaceException("interrupted while waiting to sync", e);
        }
    }
}
