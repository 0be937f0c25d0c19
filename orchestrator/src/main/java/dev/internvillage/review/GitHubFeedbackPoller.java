package dev.internvillage.review;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.PeriodicJob;
import dev.internvillage.common.Settings;
import dev.internvillage.github.GitHubSettings;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * GitHub mode: every {@code GITHUB_POLL_INTERVAL_S} seconds, reads what GitHub says about each
 * completed subtask's pull request (merged or closed, new reviews, failing check runs; conditional
 * requests where GitHub has them) and acts on it through {@link GitHubPullRequestSync}. The webhook
 * ({@link GitHubWebhookController}) brings the same news sooner; this pass is what finds it without one.
 */
@Component
class GitHubFeedbackPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GitHubFeedbackPoller.class);

    private final GitHubSettings gitHubSettings;
    private final SubtaskService subtasks;
    private final GitHubPullRequestSync sync;
    private final Duration interval;

    private final PeriodicJob job = new PeriodicJob("github-feedback-poller");

    GitHubFeedbackPoller(
            GitHubSettings gitHubSettings, SubtaskService subtasks, GitHubPullRequestSync sync, Settings settings) {
        this.gitHubSettings = gitHubSettings;
        this.subtasks = subtasks;
        this.sync = sync;
        this.interval = Duration.ofSeconds(settings.integer("GITHUB_POLL_INTERVAL_S", 60, 1, 24 * 3600));
    }

    /** One pass over every completed subtask of a GitHub project. */
    void pollOnce() {
        for (Subtask subtask : subtasks.completed()) {
            try {
                sync.target(subtask).ifPresent(sync::syncAll);
            } catch (DomainException e) {
                log.debug("Could not read the pull request of subtask {}: {}", subtask.id(), e.getMessage());
            }
        }
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
            log.warn("Polling GitHub pull requests failed: {}", e.getMessage());
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
