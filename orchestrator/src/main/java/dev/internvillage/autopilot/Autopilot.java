package dev.internvillage.autopilot;

import dev.internvillage.common.PeriodicJob;
import dev.internvillage.common.Settings;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectService;
import dev.internvillage.review.MergeStates;
import dev.internvillage.review.Merges;
import dev.internvillage.task.MergeState;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskApproved;
import dev.internvillage.task.SubtaskChecksChanged;
import dev.internvillage.task.SubtaskMergeStateChanged;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.SubtaskStatusChanged;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskId;
import dev.internvillage.task.TaskService;
import dev.internvillage.task.TaskSettingsChanged;
import dev.internvillage.task.TaskStatus;
import dev.internvillage.task.TaskStatusChanged;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Drives tasks whose {@code autopilot} is on. Whenever one of their subtasks changes (becomes ready,
 * completes, its merge state or forge checks change) or the autopilot is switched on, the task is advanced on the
 * autopilot's own thread: ready subtasks are started (their runs wait for an agent slot within
 * {@code AGENT_MAX_CONCURRENT}); completed ones are checked against the default branch as it is now
 * and, in dependency order, merged when clean and their forge checks passed, or sent back to their
 * worker with a conflict follow-up. Follow-ups past the project's {@code max_follow_ups} leave the
 * subtask waiting for the user. Every {@code AUTOPILOT_INTERVAL_S} all such tasks are advanced too,
 * for what has no event (a restart, a GitHub check finishing before the app read it). A task whose
 * plan awaits approval is left alone until it is approved.
 */
@Component
class Autopilot implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Autopilot.class);

    private final TaskService tasks;
    private final SubtaskService subtasks;
    private final ProjectService projects;
    private final MergeStates mergeStates;
    private final Merges merges;
    private final Duration interval;
    private final PeriodicJob job = new PeriodicJob("autopilot");
    /** Tasks waiting for their turn on the autopilot's thread: a burst of events advances a task once. */
    private final Set<TaskId> scheduled = ConcurrentHashMap.newKeySet();

    Autopilot(
            TaskService tasks,
            SubtaskService subtasks,
            ProjectService projects,
            MergeStates mergeStates,
            Merges merges,
            Settings settings) {
        this.tasks = tasks;
        this.subtasks = subtasks;
        this.projects = projects;
        this.mergeStates = mergeStates;
        this.merges = merges;
        this.interval = Duration.ofSeconds(settings.integer("AUTOPILOT_INTERVAL_S", 30, 1, 86_400));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SubtaskStatusChanged e) {
        if (e.newStatus() == SubtaskStatus.READY || e.newStatus() == SubtaskStatus.COMPLETED) {
            schedule(e.taskId());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SubtaskMergeStateChanged e) {
        schedule(e.taskId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SubtaskApproved e) {
        schedule(e.taskId());
    }

    /** GitHub's checks changed (e.g. the last one passed): the work may be mergeable now, not at the next sweep. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(SubtaskChecksChanged e) {
        schedule(e.taskId());
    }

    /** The autopilot was switched on, or the plan approved (or its review switched off): work may start now. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskSettingsChanged e) {
        if (e.autopilot() && !e.awaitsPlanApproval()) {
            schedule(e.taskId());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskStatusChanged e) {
        if (e.newStatus() == TaskStatus.ACTIVE) {
            schedule(e.taskId());
        }
    }

    private void schedule(TaskId id) {
        if (scheduled.add(id)) {
            job.runSoon(() -> {
                scheduled.remove(id);
                advanceGuarded(id);
            });
        }
    }

    private void sweep() {
        try {
            tasks.activeOnAutopilot().forEach(task -> advanceGuarded(task.id()));
        } catch (RuntimeException e) {
            log.warn("The autopilot's sweep failed", e);
        }
    }

    private void advanceGuarded(TaskId id) {
        try {
            advance(id);
        } catch (RuntimeException e) {
            // git or the forge out of reach, or a race with the user: the next event or sweep tries again
            log.info("The autopilot could not advance task {} now: {}", id, e.getMessage());
        }
    }

    /** One step of the task: starts what is ready, then merges or resolves what is completed. */
    void advance(TaskId id) {
        Optional<Task> found = tasks.find(id);
        if (found.isEmpty() || !found.get().autopilot() || found.get().status() != TaskStatus.ACTIVE) {
            return;
        }
        if (found.get().awaitsPlanApproval()) {
            // the plan may still change: nothing of it starts or merges before the user approves it
            return;
        }
        Task task = found.get();
        Project project = projects.get(task.projectId());
        for (Subtask subtask : subtasks.inDependencyOrder(id)) {
            Subtask current = subtasks.get(subtask.id());
            if (current.status() == SubtaskStatus.READY) {
                subtasks.startAutomatically(current.id())
                        .ifPresent(s -> log.info("Autopilot started subtask {} of task {}", s.key(), id));
            } else if (current.status() == SubtaskStatus.COMPLETED) {
                land(project, current);
            }
        }
    }

    /** Merges a completed subtask when its branch merges cleanly now, or sends it back to resolve a conflict. */
    private void land(Project project, Subtask subtask) {
        MergeState state = mergeStates.checkSubtask(project, subtask);
        if (state == MergeState.CONFLICTED) {
            merges.resolveIfConflicted(subtask.id())
                    .ifPresent(s -> log.info("Autopilot sent subtask {} back to resolve its conflict", s.key()));
        } else if (state != null) {
            merges.mergeIfMergeable(subtask.id()).ifPresent(s -> log.info("Autopilot merged subtask {}", s.key()));
        }
    }

    @Override
    public void start() {
        job.start(Duration.ofSeconds(1), interval, this::sweep);
    }

    @Override
    public void stop() {
        job.stop();
    }

    @Override
    public boolean isRunning() {
        return job.isRunning();
    }
}
