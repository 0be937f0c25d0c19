package dev.internvillage.project;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.auth.UserId;
import dev.internvillage.auth.UserService;
import dev.internvillage.common.AfterCommit;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.git.GitCredentials;
import dev.internvillage.git.GitException;
import dev.internvillage.git.GitRepositories;
import dev.internvillage.git.RemoteRepository;
import dev.internvillage.github.GitHubClient;
import dev.internvillage.github.GitHubRepository;
import dev.internvillage.github.GitHubSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects: adding a repository (validated, then cloned into the data directory), listing, ownership
 * checks for every other module, deletion and clean-up of the files on disk.
 */
@Service
public class ProjectService {

    private static final Logger log = LoggerFactory.getLogger(ProjectService.class);
    private static final Duration FORK_WAIT = Duration.ofSeconds(60);

    private final ProjectRepository repository;
    private final GitRepositories git;
    private final DataDirectory dataDirectory;
    private final ProjectAgents agents;
    private final LocalRepos localRepos;
    private final GitHubSettings gitHub;
    private final GitHubClient gitHubClient;
    private final UserService users;
    private final ApplicationEventPublisher events;

    /** {@code agents} is resolved on first use: the agent module that implements it depends on this service. */
    private final ProjectAgentSettings agentSettings;

    ProjectService(
            ProjectRepository repository,
            GitRepositories git,
            DataDirectory dataDirectory,
            @Lazy ProjectAgents agents,
            LocalRepos localRepos,
            GitHubSettings gitHub,
            GitHubClient gitHubClient,
            UserService users,
            ApplicationEventPublisher events,
            ProjectAgentSettings agentSettings) {
        this.agentSettings = agentSettings;
        this.repository = repository;
        this.git = git;
        this.dataDirectory = dataDirectory;
        this.agents = agents;
        this.localRepos = localRepos;
        this.gitHub = gitHub;
        this.gitHubClient = gitHubClient;
        this.users = users;
        this.events = events;
    }

    public List<Project> list(CurrentUser user) {
        return repository.findByOwner(user.id());
    }

    /**
     * The project, if the user owns it. Another user's project is answered exactly like a missing
     * one, and the message names no id: a response tells nobody what exists beyond their own.
     *
     * @throws DomainException NOT_FOUND if there is no such project or it is someone else's
     */
    public Project get(CurrentUser user, ProjectId id) {
        return repository
                .find(id)
                .filter(project -> project.ownerId().equals(user.id()))
                .orElseThrow(() -> DomainException.notFound("project"));
    }

    /** Whether the project exists and is the user's. */
    public boolean isOwnedBy(CurrentUser user, ProjectId id) {
        return repository.find(id).filter(p -> p.ownerId().equals(user.id())).isPresent();
    }

    /** The project's owner, or null if it no longer exists. */
    public @Nullable UserId ownerOf(ProjectId id) {
        return repository.ownerOf(id).orElse(null);
    }

    /** The project without an ownership check, for the agents that work on it. */
    public Project get(ProjectId id) {
        return repository.find(id).orElseThrow(() -> DomainException.notFound("project " + id));
    }

    /** Validates {@code repoUrl}, clones it and records the project. Nothing is kept if a step fails. */
    public Project create(CurrentUser user, String repoUrl) {
        RepoLocation location = RepoLocation.parse(repoUrl, gitHub.webUrl());
        return switch (location) {
            case RepoLocation.GitHubRepo wanted -> createGitHub(user, wanted);
            case RepoLocation.LocalPath local -> createLocal(user, local);
        };
    }

    /**
     * A GitHub repository: origin is the repository itself when the user may push to it, otherwise
     * the user's fork of it (made now, and waited for), with the repository kept as upstream.
     */
    private Project createGitHub(CurrentUser user, RepoLocation.GitHubRepo wanted) {
        if (!gitHub.enabled()) {
            throw DomainException.unprocessable(
                    "GitHub projects need AUTH_MODE=github (" + wanted.owner() + "/" + wanted.repo() + ")");
        }
        String token = users.gitHubToken(user.id())
                .orElseThrow(() -> DomainException.unauthorized("sign in with GitHub to add GitHub repositories"));
        GitHubRepository upstream = gitHubClient
                .repository(token, wanted.owner(), wanted.repo())
                .orElseThrow(() -> DomainException.unprocessable("GitHub repository " + wanted.owner() + "/"
                        + wanted.repo() + " does not exist or your account cannot see it"));
        String repoUrl = gitHub.repoPage(upstream.owner(), upstream.name());
        if (repository.existsForOwner(user.id(), repoUrl)) {
            throw DomainException.conflict("a project for " + repoUrl + " already exists");
        }
        boolean fork = !upstream.canPush();
        GitHubRepository origin =
                fork ? gitHubClient.fork(token, upstream.owner(), upstream.name(), FORK_WAIT) : upstream;
        Instant now = Timestamps.now();
        Project project = new Project(
                new ProjectId(UUID.randomUUID()),
                user.id(),
                upstream.name(),
                repoUrl,
                Forge.GITHUB,
                origin.owner(),
                origin.name(),
                fork,
                fork ? upstream.owner() : null,
                fork ? upstream.name() : null,
                upstream.defaultBranch(),
                now,
                now,
                MergeMethod.MERGE,
                null,
                Project.DEFAULT_MAX_FOLLOW_UPS,
                false,
                false,
                false);
        return cloneAndRecord(project);
    }

    private Project createLocal(CurrentUser user, RepoLocation.LocalPath local) {
        Path path = localRepos.allowed(user, local.path());
        // messages quote the path as the user gave it: its real path may be a server path they never named
        Path given = local.path();
        if (!Files.exists(path)) {
            throw DomainException.invalid("repo_url " + given + " does not exist");
        }
        if (!Files.isDirectory(path)) {
            throw DomainException.invalid("repo_url " + given + " is not a directory");
        }
        RemoteRepository remote;
        try {
            // a subdirectory or the .git directory is the same repository as its top: one project for all
            path = localRepos.allowed(user, git.repositoryRoot(path));
            remote = git.inspect(path.toString(), dataDirectory.root());
        } catch (GitException e) {
            if (e.exitCode() < 0) {
                throw e; // git itself could not run: the server's problem, not the input's
            }
            throw DomainException.invalid("repo_url " + given + " is not a git repository");
        }
        if (!remote.hasCommits() || remote.defaultBranch().isEmpty()) {
            throw DomainException.invalid("repo_url " + given + " has no commits yet; commit something first");
        }
        String repoUrl = path.toString();
        if (repository.existsForOwner(user.id(), repoUrl)) {
            throw DomainException.conflict("a project for " + repoUrl + " already exists");
        }
        String defaultBranch = remote.defaultBranch().get();
        Instant now = Timestamps.now();
        return cloneAndRecord(new Project(
                new ProjectId(UUID.randomUUID()),
                user.id(),
                new RepoLocation.LocalPath(path).name(),
                repoUrl,
                Forge.LOCAL,
                null,
                null,
                false,
                null,
                null,
                defaultBranch,
                now,
                now,
                MergeMethod.MERGE,
                null,
                Project.DEFAULT_MAX_FOLLOW_UPS,
                false,
                false,
                false));
    }

    /** Clones the new project's repository and records the project; nothing is kept if a step fails. */
    private Project cloneAndRecord(Project project) {
        ProjectId id = project.id();
        try {
            ensureClone(project);
            repository.insert(project);
            log.info(
                    "Added project {} from {} (default branch {}{})",
                    id,
                    project.repoUrl(),
                    project.defaultBranch(),
                    project.isFork() ? ", forked to " + project.githubOwner() + "/" + project.githubRepo() : "");
            return project;
        } catch (DuplicateKeyException e) {
            GitRepositories.deleteTree(dataDirectory.project(id.value()));
            throw DomainException.conflict("a project for " + project.repoUrl() + " already exists");
        } catch (GitException e) {
            GitRepositories.deleteTree(dataDirectory.project(id.value()));
            throw DomainException.unprocessable("could not clone " + project.repoUrl() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            GitRepositories.deleteTree(dataDirectory.project(id.value()));
            throw e;
        }
    }

    /** Applies the settings that {@code changes} names; the others keep their values. */
    @Transactional
    public Project updateSettings(CurrentUser user, ProjectId id, ProjectSettings changes) {
        Project project = get(user, id);
        MergeMethod method = changes.mergeMethod() == null ? project.mergeMethod() : changes.mergeMethod();
        if (changes.mergeMethod() != null
                && project.forge() == Forge.GITHUB
                && changes.mergeMethod() == MergeMethod.FAST_FORWARD_ONLY) {
            throw DomainException.invalid(
                    "merge_method fast-forward-only is not available for GitHub projects (use merge or squash)");
        }
        String check = changes.checkCommand() == null
                ? project.checkCommand()
                : changes.checkCommand().isBlank()
                        ? null
                        : changes.checkCommand().strip();
        int maxFollowUps = changes.maxFollowUps() == null ? project.maxFollowUps() : changes.maxFollowUps();
        boolean autopilot =
                changes.autopilotDefault() == null ? project.autopilotDefault() : changes.autopilotDefault();
        boolean approval = changes.requireApproval() == null ? project.requireApproval() : changes.requireApproval();
        boolean planApproval =
                changes.planApprovalDefault() == null ? project.planApprovalDefault() : changes.planApprovalDefault();
        Project updated = project.withSettings(method, check, maxFollowUps, autopilot, approval, planApproval);
        applyAgentSettings(id, changes);
        if (updated.equals(project)) {
            return project;
        }
        repository.updateSettings(updated);
        return get(id);
    }

    /** The budget defaults and agent settings a change names; the others keep their values. */
    private void applyAgentSettings(ProjectId id, ProjectSettings changes) {
        if (changes.budgetUsdDefault() != null || changes.budgetTokensDefault() != null) {
            ProjectAgentSettings.BudgetDefaults before = agentSettings.budgetDefaults(id);
            agentSettings.replaceBudgetDefaults(
                    id,
                    new ProjectAgentSettings.BudgetDefaults(
                            changes.budgetUsdDefault() == null
                                    ? before.usd()
                                    : changes.budgetUsdDefault().value(),
                            changes.budgetTokensDefault() == null
                                    ? before.tokens()
                                    : changes.budgetTokensDefault().value()));
        }
        if (changes.agentSettings() != null) {
            agentSettings.replace(id, changes.agentSettings());
        }
    }

    /**
     * Deletes the project, its tasks and runs, its clone, worktrees and logs. Agents stop first;
     * {@link ProjectDeleted} ends the project's open event streams.
     */
    @Transactional
    public void delete(CurrentUser user, ProjectId id, boolean discardUnpushed) {
        Project project = get(user, id);
        List<String> unpushed = agents.unpushedWork(id);
        if (!unpushed.isEmpty() && !discardUnpushed) {
            throw DomainException.conflict(ProjectAgents.lossMessage("the project", unpushed));
        }
        agents.stopAll(id);
        repository.delete(id);
        events.publishEvent(new ProjectDeleted(id, project.ownerId(), Timestamps.now()));
        AfterCommit.run("Removing the files of project " + id, () -> {
            deleteFiles(dataDirectory.project(id.value()));
            deleteFiles(dataDirectory.logs().resolve(id.toString()));
        });
    }

    /**
     * Deletes the clone and the worktrees to free disk space; the project stays, and its clone is
     * made again by {@link #ensureClone} the next time an agent needs it. Refused while that would
     * disturb agents or lose unpushed work ({@link ProjectAgents#requireNothingToLose}).
     */
    public void cleanup(CurrentUser user, ProjectId id) {
        get(user, id);
        agents.requireNothingToLose(id);
        deleteFiles(dataDirectory.project(id.value()));
    }

    /** The project's clone, cloned again if a clean-up removed it. */
    public Path ensureClone(Project project) {
        Path clone = dataDirectory.clone(project.id().value());
        if (!Files.isDirectory(clone.resolve(".git"))) {
            GitRepositories.deleteTree(clone);
            GitAccess access = gitAccess(project);
            git.cloneInto(access.originUrl(), clone, project.defaultBranch(), access.credentials());
            if (access.upstreamUrl() != null) {
                git.setRemote(clone, "upstream", access.upstreamUrl());
            }
        }
        return clone;
    }

    /**
     * Where the project's repositories are and the credentials to reach them: for GitHub projects
     * the owner's token, decrypted for the git command at hand.
     */
    public GitAccess gitAccess(Project project) {
        if (project.forge() == Forge.LOCAL) {
            return new GitAccess(project.repoUrl(), null, null);
        }
        String token = users.gitHubToken(project.ownerId())
                .orElseThrow(() ->
                        DomainException.unauthorized("the project's owner has no GitHub token; sign in with GitHub"));
        String origin = gitHub.cloneUrl(
                Objects.requireNonNull(project.githubOwner()), Objects.requireNonNull(project.githubRepo()));
        String upstream = project.isFork()
                ? gitHub.cloneUrl(
                        Objects.requireNonNull(project.upstreamOwner()), Objects.requireNonNull(project.upstreamRepo()))
                : null;
        return new GitAccess(origin, upstream, GitCredentials.forUrl(origin, token));
    }

    /** The next pull-request number of the local forge. */
    @Transactional
    public int nextPullRequestNumber(ProjectId id) {
        return repository.nextPullRequestNumber(id);
    }

    private static void deleteFiles(Path directory) {
        try {
            GitRepositories.deleteTree(directory);
        } catch (RuntimeException e) {
            // the rows are gone; a leftover directory only costs disk space, so say so and go on
            log.warn("Could not delete {}: {}", directory, e.getMessage());
        }
    }
}
