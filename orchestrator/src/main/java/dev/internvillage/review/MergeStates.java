package dev.internvillage.review;

import dev.internvillage.common.DomainException;
import dev.internvillage.common.PeriodicJob;
import dev.internvillage.common.Settings;
import dev.internvillage.git.GitException;
import dev.internvillage.git.GitMerges;
import dev.internvillage.git.GitWorkspace;
import dev.internvillage.project.GitAccess;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.MergeState;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.SubtaskStatusChanged;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps each COMPLETED subtask's merge state ({@link MergeState}) current: whether its branch merges
 * into the default branch as that is now, computed in the project's clone with {@code git merge-tree}
 * (no work tree is touched). Checked when a subtask completes, after every merge by the app, and
 * every {@code MERGE_CHECK_INTERVAL_S} for projects with completed subtasks (the default branch
 * can move outside the app), where only a moved default branch or a new branch costs more than a
 * fetch.
 */
@Component
public class MergeStates implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MergeStates.class);

    private final SubtaskService subtasks;
    private final ProjectService projects;
    private final GitWorkspace workspace;
    private final GitMerges merges;
    private final long intervalSeconds;
    private final Map<ProjectId, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Per project: the default branch's head and the branch heads at the last full check. */
    private final Map<ProjectId, String> lastChecked = new ConcurrentHashMap<>();
    /** Per check: the last failure logged, so an origin that stays unreachable is logged once. */
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();

    private final PeriodicJob job = new PeriodicJob("merge-check");

    MergeStates(
            SubtaskService subtasks,
            ProjectService projects,
            GitWorkspace workspace,
            GitMerges merges,
            Settings settings) {
        this.subtasks = subtasks;
        this.projects = projects;
        this.workspace = workspace;
        this.merges = merges;
        this.intervalSeconds = settings.integer("MERGE_CHECK_INTERVAL_S", 60, 1, 86_400);
    }

    /** Checks every COMPLETED subtask of the project against its default branch as origin has it now. */
    public void checkProject(Project project) {
        locked(project.id(), () -> {
            List<Subtask> completed = subtasks.completedOfProject(project.id());
            if (completed.isEmpty()) {
                return null;
            }
            Path clone = projects.ensureClone(project);
            String base = fetchBase(project, clone);
            StringBuilder seen = new StringBuilder(workspace.revParse(clone, base));
            for (Subtask subtask : completed) {
                seen.append(' ').append(subtask.id()).append('@').append(subtask.updatedAt());
            }
            if (seen.toString().equals(lastChecked.get(project.id()))) {
                return null;
            }
            for (Subtask subtask : completed) {
                check(project, clone, base, subtask);
            }
            lastChecked.put(project.id(), seen.toString());
            return null;
        });
    }

    /**
     * Checks one COMPLETED subtask now and records the result.
     *
     * @return its merge state, or null when it has no branch to check
     */
    public @Nullable MergeState checkSubtask(Project project, Subtask subtask) {
        return locked(project.id(), () -> {
            Path clone = projects.ensureClone(project);
            return check(project, clone, fetchBase(project, clone), subtask);
        });
    }

    /** Both sides of a conflicted branch: the conflicting files and each side's commits since they parted. */
    public record ConflictSides(List<String> files, List<String> defaultBranchCommits, List<String> branchCommits) {}

    /**
     * What a conflict follow-up's prompt tells the agent about the COMPLETED subtask's branch and the
     * default branch as origin has it now.
     *
     * @return empty when the branch does not conflict (any more)
     */
    public Optional<ConflictSides> conflictSides(Project project, Subtask subtask) {
        String branch = subtask.branchName();
        if (branch == null) {
            return Optional.empty();
        }
        return locked(project.id(), () -> {
            Path clone = projects.ensureClone(project);
            String base = fetchBase(project, clone);
            String head = headRef(project, clone, branch);
            List<String> files = merges.conflicts(clone, base, head);
            return files.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new ConflictSides(
                            files, workspace.commitLines(clone, head, base), workspace.commitLines(clone, base, head)));
        });
    }

    /** A subtask that just completed is checked at once, off the worker's thread. */
    @TransactionalEventListener
    void onCompleted(SubtaskStatusChanged e) {
        if (e.newStatus() == SubtaskStatus.COMPLETED) {
            job.runSoon(() -> guarded("a completed subtask", () -> {
                Subtask subtask = subtasks.get(e.subtaskId());
                checkSubtask(projects.get(e.projectId()), subtask);
            }));
        }
    }

    private @Nullable MergeState check(Project project, Path clone, String base, Subtask subtask) {
        String branch = subtask.branchName();
        if (subtask.status() != SubtaskStatus.COMPLETED || branch == null) {
            return null;
        }
        String head = headRef(project, clone, branch);
        MergeState state;
        List<String> conflicts = List.of();
        if (merges.isAncestor(clone, base, head)) {
            state = MergeState.CLEAN;
        } else {
            conflicts = merges.conflicts(clone, base, head);
            state = conflicts.isEmpty() ? MergeState.BEHIND : MergeState.CONFLICTED;
        }
        subtasks.recordMergeState(subtask.id(), state, conflicts, project.defaultBranch());
        return state;
    }

    /** Fetches the branch pull requests go to (upstream's for a fork) and returns its ref in the clone. */
    private String fetchBase(Project project, Path clone) {
        GitAccess access = projects.gitAccess(project);
        String remote = access.upstreamUrl() != null ? "upstream" : "origin";
        workspace.fetch(clone, remote, project.defaultBranch(), access.credentials());
        return "refs/remotes/" + remote + "/" + project.defaultBranch();
    }

    /** The worker's branch in the clone; origin's copy when the clone has none (e.g. after a clean-up). */
    private String headRef(Project project, Path clone, String branch) {
        if (workspace.branchExists(clone, branch)) {
            return "refs/heads/" + branch;
        }
        GitAccess access = projects.gitAccess(project);
        workspace.fetch(clone, "origin", branch, access.credentials());
        return "refs/remotes/origin/" + branch;
    }

    private void checkAll() {
        for (ProjectId id : subtasks.projectsWithCompleted()) {
            guarded("project " + id, () -> checkProject(projects.get(id)));
        }
    }

    private void guarded(String what, Runnable check) {
        try {
            check.run();
            lastFailure.remove(what);
        } catch (GitException | DomainException e) {
            // a fetch racing with an agent's sync, or origin out of reach: the next check catches up
            if (!String.valueOf(e.getMessage()).equals(lastFailure.put(what, String.valueOf(e.getMessage())))) {
                log.info("Merge check of {} skipped: {}", what, e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("Merge check of {} failed", what, e);
        }
    }

    private <T extends @Nullable Object> T locked(ProjectId id, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        Duration interval = Duration.ofSeconds(intervalSeconds);
        job.start(interval, interval, this::checkAll);
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
