package dev.internvillage.review;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.git.GitException;
import dev.internvillage.git.GitWorkspace;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.TaskService;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The diff of a subtask's branch against its project's default branch. */
@Service
public class DiffService {

    static final int MAX_DIFF_CHARS = 2 * 1024 * 1024;

    private final SubtaskService subtasks;
    private final TaskService tasks;
    private final ProjectService projects;
    private final GitWorkspace git;

    DiffService(SubtaskService subtasks, TaskService tasks, ProjectService projects, GitWorkspace git) {
        this.subtasks = subtasks;
        this.tasks = tasks;
        this.projects = projects;
        this.git = git;
    }

    /**
     * The branch's changes since it left the default branch: files with their line counts, totals and
     * the unified diff (cut at {@link #MAX_DIFF_CHARS}, then marked {@code truncated}).
     */
    public Diff diff(CurrentUser user, SubtaskId id) {
        Subtask subtask = subtasks.get(user, id);
        String branch = subtask.branchName();
        if (branch == null) {
            throw DomainException.conflict("subtask " + subtask.key() + " has no branch yet: no worker has run on it");
        }
        Project project = projects.get(user, tasks.get(subtask.taskId()).projectId());
        Path clone = projects.ensureClone(project);
        String base = "refs/remotes/origin/" + project.defaultBranch();
        String head = headRef(clone, branch);
        try {
            List<GitWorkspace.FileChange> files = git.changedFiles(clone, base, head);
            String text = git.unifiedDiff(clone, base, head);
            boolean truncated = text.length() > MAX_DIFF_CHARS;
            return new Diff(
                    branch,
                    project.defaultBranch(),
                    files.stream().map(DiffService::file).toList(),
                    new Stats(
                            files.size(),
                            files.stream()
                                    .mapToInt(GitWorkspace.FileChange::additions)
                                    .sum(),
                            files.stream()
                                    .mapToInt(GitWorkspace.FileChange::deletions)
                                    .sum()),
                    truncated ? text.substring(0, MAX_DIFF_CHARS) : text,
                    truncated);
        } catch (GitException e) {
            throw DomainException.conflict(
                    "cannot compare " + branch + " with " + project.defaultBranch() + ": " + e.getMessage());
        }
    }

    /** The local branch when the clone has it (the worker's worktree), else the pushed one. */
    private String headRef(Path clone, String branch) {
        if (git.branchExists(clone, branch)) {
            return "refs/heads/" + branch;
        }
        try {
            git.fetch(clone, branch);
            return "refs/remotes/origin/" + branch;
        } catch (GitException e) {
            throw DomainException.conflict("branch " + branch + " is neither in the clone nor on origin");
        }
    }

    private static FileView file(GitWorkspace.FileChange change) {
        return new FileView(
                change.path(),
                change.oldPath().equals(change.path()) ? null : change.oldPath(),
                change.status(),
                change.additions(),
                change.deletions(),
                change.binary());
    }

    /** The diff as the API shows it. */
    public record Diff(
            String branch, String baseBranch, List<FileView> files, Stats stats, String diff, boolean truncated) {}

    /** One changed file; {@code status} is the name git's status letter gets when the diff is read. */
    public record FileView(
            String path,
            @Nullable String oldPath,

            @Schema(allowableValues = {"added", "modified", "deleted", "renamed", "copied"})
            String status,

            int additions,
            int deletions,
            boolean binary) {}

    /** Totals over all files. */
    public record Stats(int filesChanged, int additions, int deletions) {}
}
