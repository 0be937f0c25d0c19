package dev.internvillage.review;

import dev.internvillage.auth.UserService;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.PeriodicJob;
import dev.internvillage.common.Settings;
import dev.internvillage.git.GitException;
import dev.internvillage.git.GitWorkspace;
import dev.internvillage.github.GitHubCheckRun;
import dev.internvillage.github.GitHubClient;
import dev.internvillage.github.GitHubReview;
import dev.internvillage.github.GitHubSettings;
import dev.internvillage.project.Forge;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.FollowUpReason;
import dev.internvillage.task.ForgeItem;
import dev.internvillage.task.ReviewFeedback;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.TaskService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * GitHub mode: every {@code GITHUB_POLL_INTERVAL_S} seconds, reads the reviews of each completed
 * subtask's pull request (a conditional request with the last ETag) and sends new ones that ask for
 * changes back to the worker: a review with state CHANGES_REQUESTED, or one that commented on lines
 * of the code. Then it reads the check runs on the branch's head commit: failing ones start a
 * {@code checks_failed} follow-up with their names and summaries (automatic, so capped by the
 * project's {@code max_follow_ups}). Several new items make one follow-up; each makes at most one.
 */
@Component
class GitHubFeedbackPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GitHubFeedbackPoller.class);
    private static final int MAX_CHECK_TEXT = 8 * 1024;

    private final GitHubClient gitHub;
    private final GitHubSettings gitHubSettings;
    private final UserService users;
    private final ProjectService projects;
    private final TaskService tasks;
    private final SubtaskService subtasks;
    private final Duration interval;
    private final GitWorkspace git;
    private final DataDirectory dataDirectory;
    /** The last answer per subtask's pull request, to ask again with its ETag. */
    private final Map<SubtaskId, GitHubReview.Page> lastPages = new ConcurrentHashMap<>();
    /** Comment-only reviews that turned out to have no comment on a line: nothing to act on. */
    private final Set<Long> ignored = ConcurrentHashMap.newKeySet();

    private final PeriodicJob job = new PeriodicJob("github-feedback-poller");

    GitHubFeedbackPoller(
            GitHubClient gitHub,
            GitHubSettings gitHubSettings,
            UserService users,
            ProjectService projects,
            TaskService tasks,
            SubtaskService subtasks,
            Settings settings,
            GitWorkspace git,
            DataDirectory dataDirectory) {
        this.git = git;
        this.dataDirectory = dataDirectory;
        this.gitHub = gitHub;
        this.gitHubSettings = gitHubSettings;
        this.users = users;
        this.projects = projects;
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.interval = Duration.ofSeconds(settings.integer("GITHUB_POLL_INTERVAL_S", 60, 1, 24 * 3600));
    }

    /** One pass over every completed subtask of a GitHub project. */
    void pollOnce() {
        for (Subtask subtask : subtasks.completed()) {
            try {
                poll(subtask);
            } catch (DomainException e) {
                log.debug("Could not read the reviews or checks of subtask {}: {}", subtask.id(), e.getMessage());
            }
        }
    }

    private void poll(Subtask subtask) {
        Integer number = subtask.prNumber();
        if (number == null) {
            return;
        }
        Project project = projects.get(tasks.get(subtask.taskId()).projectId());
        if (project.forge() != Forge.GITHUB) {
            return;
        }
        Optional<String> token = users.gitHubToken(project.ownerId());
        if (token.isEmpty()) {
            return;
        }
        String owner = GitHubForge.baseOwner(project);
        String repo = GitHubForge.baseRepo(project);
        if (!pollReviews(subtask, token.get(), owner, repo, number)) {
            pollCheckRuns(subtask, project, token.get(), owner, repo);
        }
    }

    /** True when a follow-up started. */
    private boolean pollReviews(Subtask subtask, String token, String owner, String repo, int number) {
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

    /** Failing check runs on the head commit we pushed start one checks_failed follow-up. */
    private void pollCheckRuns(Subtask subtask, Project project, String token, String owner, String repo) {
        String branch = subtask.branchName();
        if (branch == null) {
            return;
        }
        String sha;
        try {
            sha = git.revParse(dataDirectory.clone(project.id().value()), "refs/heads/" + branch);
        } catch (GitException e) {
            return;
        }
        List<GitHubCheckRun> failed = gitHub.checkRuns(token, owner, repo, sha).stream()
                .filter(GitHubCheckRun::failed)
                .filter(run -> !subtasks.isHandled(subtask.id(), ForgeItem.checkRun(run.id())))
                .toList();
        if (failed.isEmpty()) {
            return;
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
        }
    }

    /** The end of a check's text, at most {@code MAX_CHECK_TEXT} characters. */
    private static String tail(String text) {
        return text.length() <= MAX_CHECK_TEXT
                ? text
                : "(earlier output left out)\n" + text.substring(text.length() - MAX_CHECK_TEXT);
    }

    @Override
    public void start() {
        if (!gitHubSettings.enabled()) {
            return;
        }
        job.start(interval, interval, this::pollSafely);
    }

    private void pollSafely() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            // the next pass tries again; the scheduler must not die
            log.warn("Polling GitHub reviews failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        job.stop();
    }

    @Override
    public boolean isRunning() {
        return job.isRunning();
    }

    /** Stops after the web server, before the agents (whose follow-ups it starts) and the database. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 3072;
    }
}
