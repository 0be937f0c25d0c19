package dev.internvillage.review;

import dev.internvillage.auth.UserService;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.DomainException;
import dev.internvillage.git.GitWorkspace;
import dev.internvillage.github.GitHubClient;
import dev.internvillage.github.GitHubException;
import dev.internvillage.github.GitHubPullRequest;
import dev.internvillage.github.GitHubSettings;
import dev.internvillage.project.Project;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.Task;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The {@code github} forge: pull requests through GitHub's REST API, from the project's origin (the
 * repository, or the user's fork) into the upstream repository's default branch. A branch that
 * already has an open pull request keeps it (the push updated it). Mark Merged asks GitHub first,
 * unless {@code GITHUB_VERIFY_MERGED=false}.
 */
@Component
class GitHubForge implements ForgeClient {

    private final GitHubClient gitHub;
    private final GitHubSettings settings;
    private final UserService users;
    private final GitWorkspace git;
    private final DataDirectory dataDirectory;

    GitHubForge(
            GitHubClient gitHub,
            GitHubSettings settings,
            UserService users,
            GitWorkspace git,
            DataDirectory dataDirectory) {
        this.gitHub = gitHub;
        this.settings = settings;
        this.users = users;
        this.git = git;
        this.dataDirectory = dataDirectory;
    }

    @Override
    public PullRequest open(Project project, Task task, Subtask subtask, String branch) {
        String token = token(project);
        String head = Objects.requireNonNull(project.githubOwner()) + ":" + branch;
        Optional<GitHubPullRequest> existing =
                gitHub.openPullRequest(token, baseOwner(project), baseRepo(project), head);
        GitHubPullRequest pull = existing.orElseGet(() -> gitHub.createPullRequest(
                token,
                baseOwner(project),
                baseRepo(project),
                "[" + subtask.key() + "] " + subtask.title(),
                head,
                project.defaultBranch(),
                body(project, task, subtask, branch)));
        return new PullRequest(pull.htmlUrl(), pull.number());
    }

    /** Asks GitHub, unless {@code GITHUB_VERIFY_MERGED=false}. */
    @Override
    public void requireMerged(Project project, String branch, String prUrl, int prNumber) {
        if (!settings.verifyMerged()) {
            return;
        }
        if (!gitHub.isMerged(token(project), baseOwner(project), baseRepo(project), prNumber)) {
            throw DomainException.conflict(
                    "pull request #" + prNumber + " is not merged on GitHub yet (" + prUrl + "); merge it there first");
        }
    }

    /** GitHub's merge API; its refusal (not mergeable, head moved) is a 409 with GitHub's message. */
    @Override
    public String merge(Project project, Task task, Subtask subtask) {
        int number = Objects.requireNonNull(subtask.prNumber());
        String method = switch (project.mergeMethod()) {
            case MERGE -> "merge";
            case SQUASH -> "squash";
            case FAST_FORWARD_ONLY ->
                throw DomainException.conflict(
                        "GitHub cannot merge by fast-forward only; choose merge or squash for this project");
        };
        try {
            String sha = gitHub.mergePullRequest(token(project), baseOwner(project), baseRepo(project), number, method);
            return "merged pull request #" + number + " on GitHub (" + method + ", " + abbreviate(sha) + ")";
        } catch (GitHubException e) {
            if (e.status() == 405 || e.status() == 409) {
                throw DomainException.conflict(e.getMessage());
            }
            throw e;
        }
    }

    private static String abbreviate(String sha) {
        return sha.length() > 10 ? sha.substring(0, 10) : sha;
    }

    private String body(Project project, Task task, Subtask subtask, String branch) {
        StringBuilder body = new StringBuilder(subtask.spec().strip()).append("\n\n");
        if (!subtask.implementationPlan().isBlank()) {
            body.append("### Implementation plan\n\n")
                    .append(subtask.implementationPlan().strip())
                    .append("\n\n");
        }
        List<String> commits = git.commitLines(
                dataDirectory.clone(project.id().value()),
                "refs/remotes/origin/" + project.defaultBranch(),
                "refs/heads/" + branch);
        body.append("### Commits\n\n");
        commits.forEach(line -> body.append("- ").append(line).append('\n'));
        body.append("\nPart of the task \"").append(task.title()).append("\", opened by Intern Village.\n");
        return body.toString();
    }

    /** Every check run on the pushed head completed without failing; one still running means not yet. */
    @Override
    public boolean checksPassed(Project project, Subtask subtask) {
        String branch = subtask.branchName();
        if (branch == null) {
            return false;
        }
        String sha = git.revParse(dataDirectory.clone(project.id().value()), "refs/heads/" + branch);
        return gitHub.checkRuns(token(project), baseOwner(project), baseRepo(project), sha).stream()
                .allMatch(run -> run.status().equals("completed") && !run.failed());
    }

    private String token(Project project) {
        return users.gitHubToken(project.ownerId())
                .orElseThrow(() ->
                        DomainException.unauthorized("the project's owner has no GitHub token; sign in with GitHub"));
    }

    static String baseOwner(Project project) {
        return Objects.requireNonNull(project.isFork() ? project.upstreamOwner() : project.githubOwner());
    }

    static String baseRepo(Project project) {
        return Objects.requireNonNull(project.isFork() ? project.upstreamRepo() : project.githubRepo());
    }
}
