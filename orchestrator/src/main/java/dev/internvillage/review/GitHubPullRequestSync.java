package dev.internvillage.review;

import dev.internvillage.auth.UserService;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.git.GitException;
import dev.internvillage.git.GitWorkspace;
import dev.internvillage.github.GitHubCheckRun;
import dev.internvillage.github.GitHubClient;
import dev.internvillage.github.GitHubCommitStatus;
import dev.internvillage.github.GitHubException;
import dev.internvillage.github.GitHubPullRequestState;
import dev.internvillage.github.GitHubReview;
import dev.internvillage.project.Forge;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.ForgeCheck;
import dev.internvillage.task.ForgeItem;
import dev.internvillage.task.ReviewFeedback;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.TaskService;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What GitHub says about a COMPLETED subtask's pull request, and what it means for the subtask: the
 * one place that decides it, for the poller (every aspect, each pass) and the webhook (the aspect a
 * delivery is about). Everything is read from GitHub's API with the project owner's token, so a
 * delivery only makes the app look; it never states what to do.
 *
 * <ul>
 *   <li>{@link Aspect#STATE}: merged → MERGED (dependents become READY); closed without merging →
 *       BLOCKED/PR_CLOSED with the reason, for the user. A conditional request: with the last ETag an
 *       unchanged pull request costs a 304.
 *   <li>{@link Aspect#REVIEWS}: a new review with state CHANGES_REQUESTED, or one that commented on
 *       lines of the code, goes back to the worker as a {@code changes_requested} follow-up.
 *   <li>{@link Aspect#CHECKS}: the check runs and commit statuses on the branch's head commit are
 *       kept for the card (the subtask's {@code checks}, announced when they change); failing check
 *       runs start a {@code checks_failed} follow-up with their names and summaries (automatic, so
 *       capped by the project's {@code max_follow_ups}).
 * </ul>
 *
 * Several new items make one follow-up; each makes at most one.
 */
@Component
class GitHubPullRequestSync {

    private static final Logger log = LoggerFactory.getLogger(GitHubPullRequestSync.class);
    private static final int MAX_CHECK_TEXT = 8 * 1024;

    /** What to read about a pull request. */
    enum Aspect {
        STATE,
        REVIEWS,
        CHECKS
    }

    /** A subtask's pull request on GitHub (the upstream repository's, for a fork) and the token to read it. */
    record Target(Subtask subtask, Project project, String token, String owner, String repo, int number) {}

    private final GitHubClient gitHub;
    private final UserService users;
    private final ProjectService projects;
    private final TaskService tasks;
    private final SubtaskService subtasks;
    private final GitWorkspace git;
    private final DataDirectory dataDirectory;
    /** The last answer per pull request ({@code owner/repo#n}), to ask again with its ETag. */
    private final Map<String, GitHubPullRequestState> lastStates = new ConcurrentHashMap<>();
    /** The last answer per subtask's pull request, to ask again with its ETag. */
    private final Map<SubtaskId, GitHubReview.Page> lastPages = new ConcurrentHashMap<>();
    /** Comment-only reviews that turned out to have no comment on a line: nothing to act on. */
    private final Set<Long> ignored = ConcurrentHashMap.newKeySet();

    GitHubPullRequestSync(
            GitHubClient gitHub,
            UserService users,
            ProjectService projects,
            TaskService tasks,
            SubtaskService subtasks,
            GitWorkspace git,
            DataDirectory dataDirectory) {
        this.gitHub = gitHub;
        this.users = users;
        this.projects = projects;
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.git = git;
        this.dataDirectory = dataDirectory;
    }

    /**
     * The subtask's pull request on GitHub; empty when it has none, its project is not on GitHub, or
     * the project's owner has no token to read it with.
     */
    Optional<Target> target(Subtask subtask) {
        Integer number = subtask.prNumber();
        if (number == null) {
            return Optional.empty();
        }
        Project project = projects.get(tasks.get(subtask.taskId()).projectId());
        if (project.forge() != Forge.GITHUB) {
            return Optional.empty();
        }
        return users.gitHubToken(project.ownerId())
                .map(token -> new Target(
                        subtask,
                        project,
                        token,
                        GitHubForge.baseOwner(project),
                        GitHubForge.baseRepo(project),
                        number));
    }

    /** Every aspect, in order, until one moved the subtask. */
    void syncAll(Target target) {
        sync(target, EnumSet.allOf(Aspect.class));
    }

    /**
     * Reads the {@code aspects} in the order STATE, REVIEWS, CHECKS and acts on them; stops after the
     * first that moved the subtask (a merged pull request needs no review read).
     *
     * @return true when the subtask moved
     * @throws dev.internvillage.common.DomainException when GitHub cannot be read or the subtask
     *     changed meanwhile; nothing more is done for it then
     */
    boolean sync(Target target, Set<Aspect> aspects) {
        return (aspects.contains(Aspect.STATE) && syncState(target))
                || (aspects.contains(Aspect.REVIEWS) && syncReviews(target))
                || (aspects.contains(Aspect.CHECKS) && syncCheckRuns(target));
    }

    /** True when the subtask moved: MERGED, or BLOCKED because the pull request was closed. */
    private boolean syncState(Target target) {
        String key = target.owner() + "/" + target.repo() + "#" + target.number();
        GitHubPullRequestState last = lastStates.get(key);
        GitHubPullRequestState read = gitHub.pullRequestState(
                target.token(), target.owner(), target.repo(), target.number(), last == null ? null : last.etag());
        // a 304 repeats the last answer: a closed one is acted on again while the subtask waits
        GitHubPullRequestState state = read.notModified() && last != null ? last : read;
        lastStates.put(key, state);
        Subtask subtask = target.subtask();
        if (state.merged()) {
            subtasks.recordMerged(subtask.id());
            lastStates.remove(key);
            log.info("Pull request #{} was merged on GitHub: subtask {} is MERGED", target.number(), subtask.key());
            return true;
        }
        if (state.closedUnmerged()
                && subtasks.recordPullRequestClosed(
                        subtask.id(),
                        target.number(),
                        "pull request #" + target.number() + " was closed without merging on GitHub")) {
            lastStates.remove(key);
            log.info("Pull request #{} was closed on GitHub: subtask {} waits for you", target.number(), subtask.key());
            return true;
        }
        return false;
    }

    /** True when a follow-up started. */
    private boolean syncReviews(Target target) {
        Subtask subtask = target.subtask();
        String token = target.token();
        String owner = target.owner();
        String repo = target.repo();
        int number = target.number();
        GitHubReview.Page last = lastPages.get(subtask.id());
        GitHubReview.Page page = gitHub.reviews(token, owner, repo, number, last == null ? null : last.etag());
        if (page.notModified() && last != null) {
            page = last;
        } else {
            lastPages.put(subtask.id(), page);
        }
        List<GitHubReview> candidates = page.reviews().stream()
                .filter(r -> r.state().equals("CHANGES_REQUESTED") || r.state().equals("COMMENTED"))
                .filter(r -> !ignored.contains(r.id()))
                .filter(r -> !subtasks.isHandled(subtask.id(), ForgeItem.review(r.id())))
                .toList();
        if (candidates.isEmpty()) {
            return false;
        }
        Map<Long, List<ReviewFeedback.InlineComment>> comments =
                gitHub.reviewComments(token, owner, repo, number).stream()
                        .collect(Collectors.groupingBy(
                                GitHubReview.LineComment::reviewId,
                                Collectors.mapping(
                                        c -> new ReviewFeedback.InlineComment(c.path(), c.line(), c.body()),
                                        Collectors.toList())));
        List<ForgeItem> ids = new ArrayList<>();
        StringBuilder feedback = new StringBuilder();
        for (GitHubReview review : candidates) {
            List<ReviewFeedback.InlineComment> onLines = comments.getOrDefault(review.id(), List.of());
            if (review.state().equals("COMMENTED") && onLines.isEmpty()) {
                ignored.add(review.id());
                continue;
            }
            ids.add(ForgeItem.review(review.id()));
            feedback.append(feedback.isEmpty() ? "" : "\n")
                    .append(new ReviewFeedback("@" + review.author() + " (review on GitHub)", review.body(), onLines)
                            .render());
        }
        if (!ids.isEmpty()
                && subtasks.followUpForgeItems(
                        subtask.id(), FollowUpReason.CHANGES_REQUESTED, ids, feedback.toString())) {
            log.info("Reviews on pull request #{} sent subtask {} back to its worker", number, subtask.key());
            return true;
        }
        return false;
    }

    /** Failing check runs on the head commit we pushed start one checks_failed follow-up; true when one did. */
    private boolean syncCheckRuns(Target target) {
        Subtask subtask = target.subtask();
        String branch = subtask.branchName();
        if (branch == null) {
            return false;
        }
        String sha;
        try {
            sha = git.revParse(dataDirectory.clone(target.project().id().value()), "refs/heads/" + branch);
        } catch (GitException e) {
            return false;
        }
        List<GitHubCheckRun> runs = gitHub.checkRuns(target.token(), target.owner(), target.repo(), sha);
        recordChecks(target, sha, runs);
        List<GitHubCheckRun> failed = runs.stream()
                .filter(GitHubCheckRun::failed)
                .filter(run -> !subtasks.isHandled(subtask.id(), ForgeItem.checkRun(run.id())))
                .toList();
        if (failed.isEmpty()) {
            return false;
        }
        StringBuilder details = new StringBuilder();
        for (GitHubCheckRun run : failed) {
            details.append("The check run `")
                    .append(run.name())
                    .append("` failed on GitHub (")
                    .append(run.conclusion())
                    .append(").\n");
            if (!run.summary().isBlank()) {
                details.append("\nSummary:\n").append(run.summary().strip()).append('\n');
            }
            if (!run.text().isBlank()) {
                details.append("\n```\n").append(tail(run.text().strip())).append("\n```\n");
            }
            details.append('\n');
        }
        List<ForgeItem> items =
                failed.stream().map(run -> ForgeItem.checkRun(run.id())).toList();
        if (subtasks.followUpForgeItems(subtask.id(), FollowUpReason.CHECKS_FAILED, items, details.toString())) {
            log.info("Failing check runs on {} sent subtask {} back to its worker", branch, subtask.key());
            return true;
        }
        return false;
    }

    /**
     * Keeps what the card shows: the check runs and the commit statuses on the head commit, written
     * (and announced) by the task module only when they changed. Before any follow-up they start, so
     * the event log says which checks sent the work back.
     */
    private void recordChecks(Target target, String sha, List<GitHubCheckRun> runs) {
        List<GitHubCommitStatus> statuses;
        try {
            statuses = gitHub.commitStatuses(target.token(), target.owner(), target.repo(), sha);
        } catch (GitHubException e) {
            // only shown, never acted on: the check runs' follow-up goes ahead, and the summary waits
            // for a pass that reads both rather than showing the statuses gone
            log.debug("Could not read the commit statuses of {}: {}", sha, e.getMessage());
            return;
        }
        List<ForgeCheck> checks = new ArrayList<>();
        for (GitHubCheckRun run : runs) {
            checks.add(ForgeCheck.of(run.name(), run.status(), run.conclusion(), run.detailsUrl()));
        }
        for (GitHubCommitStatus status : statuses) {
            checks.add(
                    switch (status.state()) {
                        case "success", "failure" ->
                            ForgeCheck.of(status.context(), "completed", status.state(), status.targetUrl());
                        // GitHub shows an errored status as failed, as its checks API has no "error"
                        case "error" -> ForgeCheck.of(status.context(), "completed", "failure", status.targetUrl());
                        default -> ForgeCheck.of(status.context(), "in_progress", null, status.targetUrl());
                    });
        }
        subtasks.recordForgeChecks(target.subtask(), checks);
    }

    /** The end of a check's text, at most {@code MAX_CHECK_TEXT} characters. */
    private static String tail(String text) {
        return text.length() <= MAX_CHECK_TEXT
                ? text
                : "(earlier output left out)\n" + text.substring(text.length() - MAX_CHECK_TEXT);
    }
}
