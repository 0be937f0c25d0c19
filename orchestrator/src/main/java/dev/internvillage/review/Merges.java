package dev.internvillage.review;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.git.GitException;
import dev.internvillage.project.Project;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.MergeState;
import dev.internvillage.task.Subtask;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.SubtaskMerger;
import dev.internvillage.task.SubtaskService;
import dev.internvillage.task.SubtaskStatus;
import dev.internvillage.task.Task;
import dev.internvillage.task.TaskService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Merges a COMPLETED subtask's pull request into the project's default branch through its forge,
 * then records it MERGED (which unblocks dependents) and re-checks the other completed branches
 * against the moved default branch. One merge at a time per project.
 */
@Service
public class Merges implements SubtaskMerger {

    private static final Logger log = LoggerFactory.getLogger(Merges.class);

    private final SubtaskService subtasks;
    private final TaskService tasks;
    private final ProjectService projects;
    private final Forges forges;
    private final MergeStates mergeStates;
    private final ConflictFollowUps conflictFollowUps;
    private final Map<ProjectId, ReentrantLock> locks = new ConcurrentHashMap<>();

    Merges(
            SubtaskService subtasks,
            TaskService tasks,
            ProjectService projects,
            Forges forges,
            MergeStates mergeStates,
            ConflictFollowUps conflictFollowUps) {
        this.conflictFollowUps = conflictFollowUps;
        this.subtasks = subtasks;
        this.tasks = tasks;
        this.projects = projects;
        this.forges = forges;
        this.mergeStates = mergeStates;
    }

    /**
     * The user's Merge.
     *
     * @throws DomainException CONFLICT when it is merged already, conflicts with the default branch,
     *     or the forge refuses (with its reason); UNPROCESSABLE when it has no pull request yet
     */
    @Override
    public Subtask merge(CurrentUser user, SubtaskId id) {
        return merge(subtasks.get(user, id));
    }

    @Override
    public Subtask resolve(CurrentUser user, SubtaskId id) {
        return conflictFollowUps.resolve(user, id);
    }

    /**
     * For automation (an autopilot): a COMPLETED subtask whose branch conflicts now gets a counted
     * conflict follow-up (or waits for the user once they ran out).
     *
     * @return the subtask when it moved; empty when it does not conflict
     */
    public Optional<Subtask> resolveIfConflicted(SubtaskId id) {
        return conflictFollowUps.resolveAutomatically(id);
    }

    /**
     * Merges the subtask when it can be merged now, for automation (e.g. an autopilot): a subtask
     * that is not COMPLETED, has a conflict, waits for the approval its project requires, whose forge
     * checks have not passed (yet), or that the forge refuses is left as it is.
     *
     * @return the merged subtask, or empty with nothing changed
     */
    public Optional<Subtask> mergeIfMergeable(SubtaskId id) {
        Subtask subtask = subtasks.get(id);
        if (subtask.status() != SubtaskStatus.COMPLETED
                || subtask.prUrl() == null
                || subtask.mergeState() == MergeState.CONFLICTED) {
            return Optional.empty();
        }
        try {
            Project project = projects.get(tasks.get(subtask.taskId()).projectId());
            if ((project.requireApproval() && subtask.approvedAt() == null)
                    || !forges.forProject(project).checksPassed(project, subtask)) {
                return Optional.empty();
            }
            return Optional.of(merge(subtask));
        } catch (DomainException e) {
            if (e.code() != ErrorCode.CONFLICT && e.code() != ErrorCode.UNPROCESSABLE) {
                throw e;
            }
            log.info("Not merging subtask {} now: {}", subtask.key(), e.getMessage());
            return Optional.empty();
        }
    }

    private Subtask merge(Subtask subtask) {
        requireMergeable(subtask);
        Task task = tasks.get(subtask.taskId());
        Project project = projects.get(task.projectId());
        Subtask merged;
        ReentrantLock lock = locks.computeIfAbsent(project.id(), k -> new ReentrantLock());
        lock.lock();
        try {
            Subtask current = subtasks.get(subtask.id());
            requireMergeable(current);
            requireNoConflict(project, current);
            String done = forges.forProject(project).merge(project, task, current);
            merged = subtasks.recordMerged(current.id());
            log.info("Merged subtask {} of task {}: {}", current.key(), task.id(), done);
        } finally {
            lock.unlock();
        }
        try {
            mergeStates.checkProject(project);
        } catch (GitException | DomainException e) {
            log.info("Re-checking the branches of project {} after a merge failed: {}", project.id(), e.getMessage());
        }
        return merged;
    }

    /** Checked again right before merging: the stored state may predate the latest move of the default branch. */
    private void requireNoConflict(Project project, Subtask subtask) {
        MergeState state;
        try {
            state = mergeStates.checkSubtask(project, subtask);
        } catch (GitException e) {
            // the forge's merge decides then
            return;
        }
        if (state == MergeState.CONFLICTED) {
            List<String> files = subtasks.get(subtask.id()).conflictFiles();
            throw DomainException.conflict("subtask " + subtask.key() + " conflicts with " + project.defaultBranch()
                    + " in " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " (" + String.join(", ", files)
                    + "); resolve the conflict on its branch first");
        }
    }

    private static void requireMergeable(Subtask subtask) {
        if (subtask.status() == SubtaskStatus.MERGED) {
            throw DomainException.conflict("subtask " + subtask.key() + " is already merged");
        }
        if (subtask.status() != SubtaskStatus.COMPLETED || subtask.prUrl() == null || subtask.branchName() == null) {
            throw DomainException.unprocessable(
                    "subtask " + subtask.key() + " has no pull request to merge yet (it is " + subtask.status() + ")");
        }
    }
}
