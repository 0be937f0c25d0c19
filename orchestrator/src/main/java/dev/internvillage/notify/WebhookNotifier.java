package dev.internvillage.notify;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentRunCompleted;
import dev.internvillage.agent.AgentType;
import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.PublicUrl;
import dev.internvillage.common.Settings;
import dev.internvillage.common.WebOrigin;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.BlockedReason;
import dev.internvillage.task.MergeState;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskMergeStateChanged;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.SubtaskStatusChanged;
import dev.internvillage.task.TaskId;
import dev.internvillage.task.TaskService;
import dev.internvillage.task.TaskStatus;
import dev.internvillage.task.TaskStatusChanged;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells {@code NOTIFY_WEBHOOK_URL}, when set, that an agent finished or that the user is needed: a
 * worker or planner completed, a subtask is blocked on its failure, its follow-up limit or its closed
 * pull request, a task is DONE or its planning failed, a completed subtask conflicts with the default
 * branch. Each message is Slack-compatible JSON, {@code {"text": "..."}}: one line naming the project,
 * the task, the subtask and what happened, with a link to the board when {@code PUBLIC_URL} is set.
 * Listens after commit, so only what happened is told; a lookup or delivery problem is logged, never
 * raised to the change that caused it.
 */
@Component
class WebhookNotifier implements SmartLifecycle {

    static final String VARIABLE = "NOTIFY_WEBHOOK_URL";

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final Set<BlockedReason> NEEDS_YOU =
            Set.of(BlockedReason.FAILURE, BlockedReason.FOLLOW_UP_LIMIT, BlockedReason.PR_CLOSED);

    private final @Nullable WebhookSender sender;
    private final @Nullable WebOrigin board;
    private final ProjectService projects;
    private final TaskService tasks;
    private final SubtaskService subtasks;
    private final JsonMapper json;

    @Autowired
    WebhookNotifier(
            Settings settings,
            PublicUrl publicUrl,
            ProjectService projects,
            TaskService tasks,
            SubtaskService subtasks,
            JsonMapper json) {
        this(webhookUrl(settings), Duration.ofSeconds(1), publicUrl, projects, tasks, subtasks, json);
    }

    WebhookNotifier(
            @Nullable URI url,
            Duration backoff,
            PublicUrl publicUrl,
            ProjectService projects,
            TaskService tasks,
            SubtaskService subtasks,
            JsonMapper json) {
        this.sender = url == null ? null : new WebhookSender(url, backoff);
        this.board = publicUrl.origin();
        this.projects = projects;
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.json = json;
    }

    /** The webhook's URL, null when unset; anything but an http(s) URL of a host stops start-up. */
    static @Nullable URI webhookUrl(Settings settings) {
        String value = settings.optional(VARIABLE);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        // the value is not repeated: a webhook URL is a secret
        throw new InvalidSettingException(
                VARIABLE, "must be an http(s) URL, e.g. https://hooks.slack.com/services/..., or unset");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AgentRunCompleted e) {
        AgentRun run = e.run();
        if (run.agentType() == AgentType.PLANNER) {
            notify(run.projectId(), run.taskId(), null, "the planner finished its plan");
        } else {
            String what = "the worker finished (attempt " + run.attemptNumber() + ")";
            notify(run.projectId(), run.taskId(), run.subtaskId(), e.prUrl() == null ? what : what + ": " + e.prUrl());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SubtaskStatusChanged e) {
        BlockedReason reason = e.blockedReason();
        if (e.newStatus() != SubtaskStatus.BLOCKED || reason == null || !NEEDS_YOU.contains(reason)) {
            return;
        }
        String what = switch (reason) {
            case FAILURE -> "needs you: its worker failed and ran out of attempts";
            case FOLLOW_UP_LIMIT -> "needs you: its automatic follow-ups ran out";
            case PR_CLOSED -> "needs you: its pull request was closed without being merged";
            case DEPENDENCY -> "is blocked";
        };
        notify(e.projectId(), e.taskId(), e.subtaskId(), what);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskStatusChanged e) {
        if (e.newStatus() == TaskStatus.DONE) {
            notify(e.projectId(), e.taskId(), null, "the task is DONE: all its subtasks are merged");
        } else if (e.newStatus() == TaskStatus.PLANNING_FAILED) {
            notify(e.projectId(), e.taskId(), null, "needs you: planning failed");
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SubtaskMergeStateChanged e) {
        if (e.mergeState() == MergeState.CONFLICTED) {
            String files = e.conflictFiles().isEmpty() ? "" : " (" + plain(String.join(", ", e.conflictFiles())) + ")";
            notify(e.projectId(), e.taskId(), e.subtaskId(), "conflicts with " + e.baseBranch() + files);
        }
    }

    private void notify(ProjectId projectId, TaskId taskId, @Nullable SubtaskId subtaskId, String what) {
        WebhookSender to = sender;
        if (to == null) {
            return;
        }
        try {
            to.offer(json.writeValueAsString(Map.of("text", text(projectId, taskId, subtaskId, what))));
        } catch (RuntimeException ex) {
            // e.g. the task was deleted in the meantime: nothing worth telling
            log.debug("No notification for task {}: {}", taskId, ex.toString());
        }
    }

    /** {@code [project] Task "title" · s1 "Step" — what happened <link>}. */
    String text(ProjectId projectId, TaskId taskId, @Nullable SubtaskId subtaskId, String what) {
        StringBuilder text = new StringBuilder();
        text.append('[').append(plain(projects.get(projectId).name())).append("] ");
        text.append("Task \"").append(plain(tasks.get(taskId).title())).append('"');
        if (subtaskId != null) {
            Subtask subtask = subtasks.get(subtaskId);
            text.append(" · ")
                    .append(subtask.key())
                    .append(" \"")
                    .append(plain(subtask.title()))
                    .append('"');
        }
        text.append(" — ").append(what);
        if (board != null) {
            text.append(' ').append(board).append("/projects/").append(projectId);
            if (subtaskId != null) {
                text.append("/subtasks/").append(subtaskId);
            }
        }
        return text.toString();
    }

    /** A name on one line, with the three characters Slack reads as markup escaped as Slack asks. */
    private static String plain(String value) {
        return value.replaceAll("\\s+", " ")
                .trim()
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    @Override
    public void start() {
        if (sender != null) {
            sender.start();
        }
    }

    @Override
    public void stop() {
        if (sender != null) {
            sender.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return sender != null && sender.isRunning();
    }
}
