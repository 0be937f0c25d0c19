package dev.internvillage.review;

import dev.internvillage.common.DomainException;
import dev.internvillage.git.GitException;
import dev.internvillage.git.GitMerges;
import dev.internvillage.project.MergeMethod;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.Task;
import java.nio.file.Path;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * The {@code local} forge: the pushed branch is the pull request, reviewed in the app itself. Its
 * URL is the app's review view of the subtask (a path within the app, so it works behind any host
 * name), and numbers count up per project. Merging happens in the user's repository (the project's
 * origin) with git, as {@code git merge} by hand would.
 */
@Component
class LocalForge implements ForgeClient {

    private final ProjectService projects;
    private final GitMerges merges;

    LocalForge(ProjectService projects, GitMerges merges) {
        this.projects = projects;
        this.merges = merges;
    }

    @Override
    public PullRequest open(Project project, Task task, Subtask subtask, String branch) {
        if (subtask.prUrl() != null && subtask.prNumber() != null) {
            return new PullRequest(subtask.prUrl(), subtask.prNumber());
        }
        int number = projects.nextPullRequestNumber(project.id());
        return new PullRequest(reviewPath(project, subtask), number);
    }

    /** Merged means: the branch's head (or all of its changes) is on origin's default branch. */
    @Override
    public void requireMerged(Project project, String branch, String prUrl, int prNumber) {
        Path origin = origin(project);
        String target = project.defaultBranch();
        String head = merges.resolve(origin, "refs/heads/" + branch)
                .orElseThrow(() -> DomainException.conflict("branch " + branch + " is not in the project's repository "
                        + "any more, so it cannot be checked against " + target));
        try {
            if (!merges.contains(origin, "refs/heads/" + target, head)) {
                throw DomainException.conflict(
                        "branch " + branch + " (" + head.substring(0, 10) + ") is not merged into " + target
                                + " yet; merge it (the Merge button, or git merge by hand) before marking it merged");
            }
        } catch (GitException e) {
            throw DomainException.conflict("cannot check " + branch + " against " + target + ": " + e.getMessage());
        }
    }

    @Override
    public String merge(Project project, Task task, Subtask subtask) {
        String branch = Objects.requireNonNull(subtask.branchName());
        String message = "[" + subtask.key() + "] " + subtask.title() + "\n\n"
                + (project.mergeMethod() == MergeMethod.SQUASH
                        ? "Squashed from branch " + branch
                        : "Merge branch '" + branch + "' into " + project.defaultBranch())
                + " (pull request #" + subtask.prNumber() + ", task \"" + task.title() + "\").\n";
        try {
            GitMerges.Result result =
                    merges.merge(origin(project), project.defaultBranch(), branch, method(project), message);
            String head = result.head().substring(0, 10);
            return switch (result.kind()) {
                case ALREADY_MERGED -> branch + " was already on " + project.defaultBranch();
                case FAST_FORWARD -> "fast-forwarded " + project.defaultBranch() + " to " + head;
                case MERGE_COMMIT -> "merge commit " + head + " on " + project.defaultBranch();
                case SQUASH_COMMIT -> "squashed into " + head + " on " + project.defaultBranch();
            };
        } catch (GitMerges.MergeRefused e) {
            throw DomainException.conflict(e.getMessage());
        } catch (GitException e) {
            if (e.exitCode() < 0) {
                throw e;
            }
            throw DomainException.conflict("git could not merge " + branch + ": " + e.getMessage());
        }
    }

    private static GitMerges.Method method(Project project) {
        return switch (project.mergeMethod()) {
            case MERGE -> GitMerges.Method.MERGE;
            case SQUASH -> GitMerges.Method.SQUASH;
            case FAST_FORWARD_ONLY -> GitMerges.Method.FAST_FORWARD_ONLY;
        };
    }

    private static Path origin(Project project) {
        return Path.of(project.repoUrl());
    }

    static String reviewPath(Project project, Subtask subtask) {
        return "/projects/" + project.id() + "/subtasks/" + subtask.id();
    }
}
