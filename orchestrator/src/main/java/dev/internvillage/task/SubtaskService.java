package dev.internvillage.task;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import dev.internvillage.task.graph.DependencyGraph;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subtasks: the user's moves (start, retry, mark merged, reorder) and the worker's outcomes. Every
 * change locks the parent task first (see {@link TaskRepository#lock}) and goes through {@link
 * Transitions}.
 */
@Service
public class SubtaskService {

    /** Conflicting files kept per subtask; a larger conflict is named by its first ones. */
    static final int MAX_CONFLICT_FILES = 200;

    private final SubtaskRepository subtasks;
    private final TaskRepository tasks;
    private final TaskService taskService;
    private final Transitions transitions;
    private final ApplicationEventPublisher events;
    private final MergeCheck mergeCheck;
    private final FollowUpRepository followUps;
    private final ProjectService projects;
    private final ForgeCheckRepository forgeChecks;

    SubtaskService(
            SubtaskRepository subtasks,
            TaskRepository tasks,
            TaskService taskService,
            Transitions transitions,
            ApplicationEventPublisher events,
            MergeCheck mergeCheck,
            FollowUpRepository followUps,
            ProjectService projects,
            ForgeCheckRepository forgeChecks) {
        this.followUps = followUps;
        this.forgeChecks = forgeChecks;
        this.projects = projects;
        this.subtasks = subtasks;
        this.tasks = tasks;
        this.taskService = taskService;
        this.transitions = transitions;
        this.events = events;
        this.mergeCheck = mergeCheck;
    }

    public List<Subtask> list(CurrentUser user, TaskId taskId) {
        taskService.get(user, taskId);
        return subtasks.findByTask(taskId);
    }

    /** The task's subtasks in board order, without an ownership check, for agents. */
    public List<Subtask> listOfTask(TaskId taskId) {
        return subtasks.findByTask(taskId);
    }

    /** The task's subtasks with each after all of its dependencies (board order among the free ones). */
    public List<Subtask> inDependencyOrder(TaskId taskId) {
        List<Subtask> all = subtasks.findByTask(taskId);
        Map<SubtaskId, Subtask> byId = all.stream().collect(Collectors.toMap(Subtask::id, s -> s));
        return graphOf(all).topologicalOrder().stream().map(byId::get).toList();
    }

    /**
     * The subtask, if the user owns its project; another user's subtask is answered like a missing
     * one, and the message names no id.
     *
     * @throws DomainException NOT_FOUND
     */
    public Subtask get(CurrentUser user, SubtaskId id) {
        return subtasks.find(id)
                .filter(subtask -> taskService.isOwnedBy(user, subtask.taskId()))
                .orElseThrow(() -> DomainException.notFound("subtask"));
    }

    /** The subtask without an ownership check, for the agents that work on it. */
    public Subtask get(SubtaskId id) {
        return subtasks.find(id).orElseThrow(() -> DomainException.notFound("subtask " + id));
    }

    /** READY → IN_PROGRESS, and a worker is asked for ({@link WorkRequested}). */
    @Transactional
    public Subtask start(CurrentUser user, SubtaskId id) {
        Locked locked = lock(user, id);
        Subtask subtask = locked.subtask();
        requireBudget(locked.task());
        requirePlanApproved(locked.task());
        switch (subtask.phase()) {
            case READY -> {}
            case IN_PROGRESS -> throw DomainException.conflict("subtask " + subtask.key() + " is already running");
            case COMPLETED, MERGED ->
                throw DomainException.conflict("subtask " + subtask.key() + " is already " + subtask.status());
            case BLOCKED_DEPENDENCY, PENDING ->
                throw DomainException.unprocessable("subtask " + subtask.key() + " is blocked: it waits for "
                        + unmergedDependencies(subtask) + " to be merged");
            case BLOCKED_FAILURE ->
                throw DomainException.unprocessable(
                        "subtask " + subtask.key() + " is blocked after failing; use retry to run it again");
            case BLOCKED_PR_CLOSED ->
                throw DomainException.unprocessable("subtask " + subtask.key()
                        + ": its pull request was closed without merging; use retry to open a new one");
        }
        Subtask started = transitions.move(locked.task().projectId(), subtask, SubtaskPhase.IN_PROGRESS);
        events.publishEvent(new WorkRequested(locked.task().projectId(), subtask.taskId(), id));
        return started;
    }

    /**
     * Starts every READY subtask of the task, each exactly like {@link #start}: READY → IN_PROGRESS
     * and a worker asked for. One transaction under the task's lock, so a concurrent start (or a
     * second start-ready) either ran before and is skipped here, or waits and finds nothing ready.
     *
     * @return the started subtasks in board order; empty when none was ready
     * @throws DomainException NOT_FOUND for a missing task or another user's
     */
    @Transactional
    public List<Subtask> startAllReady(CurrentUser user, TaskId taskId) {
        taskService.get(user, taskId);
        Task task = tasks.lock(taskId);
        requireBudget(task);
        requirePlanApproved(task);
        List<Subtask> started = new ArrayList<>();
        for (Subtask subtask : subtasks.findByTask(taskId)) {
            if (subtask.phase() != SubtaskPhase.READY) {
                continue;
            }
            started.add(transitions.move(task.projectId(), subtask, SubtaskPhase.IN_PROGRESS));
            events.publishEvent(new WorkRequested(task.projectId(), taskId, subtask.id()));
        }
        return List.copyOf(started);
    }

    /**
     * READY → IN_PROGRESS without a user, for a task's autopilot: a worker is asked for.
     *
     * @return the started subtask, or empty when it is not READY or its plan awaits approval (nothing
     *     changed)
     */
    @Transactional
    public Optional<Subtask> startAutomatically(SubtaskId id) {
        Locked locked = lock(id);
        if (locked.subtask().phase() != SubtaskPhase.READY
                || locked.task().budgetReached()
                || locked.task().awaitsPlanApproval()) {
            return Optional.empty();
        }
        Subtask started = transitions.move(locked.task().projectId(), locked.subtask(), SubtaskPhase.IN_PROGRESS);
        events.publishEvent(new WorkRequested(locked.task().projectId(), started.taskId(), id));
        return Optional.of(started);
    }

    /**
     * BLOCKED (FAILURE, FOLLOW_UP_LIMIT, PR_CLOSED) → IN_PROGRESS with a fresh attempt count, and a
     * worker is asked for; after a closed pull request its push opens a new one.
     */
    @Transactional
    public Subtask retry(CurrentUser user, SubtaskId id) {
        Locked locked = lock(user, id);
        Subtask subtask = locked.subtask();
        requireBudget(locked.task());
        switch (subtask.phase()) {
            case BLOCKED_FAILURE, BLOCKED_FOLLOW_UP_LIMIT, BLOCKED_PR_CLOSED -> subtasks.updateBlockedDetail(id, null);
            case IN_PROGRESS -> throw DomainException.conflict("subtask " + subtask.key() + " is already running");
            case BLOCKED_DEPENDENCY, PENDING ->
                throw DomainException.unprocessable("subtask " + subtask.key() + " has not failed: it waits for "
                        + unmergedDependencies(subtask) + " to be merged");
            default ->
                throw DomainException.unprocessable("subtask " + subtask.key() + " is " + subtask.status()
                        + "; only a subtask blocked by failure can be retried");
        }
        // the user acted: the automatic follow-ups start counting again; review feedback still applies
        FollowUpState before = followUps.find(id);
        followUps.save(id, new FollowUpState(FollowUpReason.RETRY, before.details(), 0));
        Subtask retried = transitions.move(
                locked.task().projectId(), subtask, SubtaskPhase.IN_PROGRESS, s -> s.withRetryCount(0));
        events.publishEvent(new WorkRequested(locked.task().projectId(), subtask.taskId(), id));
        return retried;
    }

    /**
     * COMPLETED → MERGED, once the project's forge confirms the pull request is merged (GitHub is
     * asked; see {@link MergeCheck}); dependents whose dependencies are now all merged become READY,
     * and the task is DONE when every subtask is merged.
     */
    @Transactional
    public Subtask markMerged(CurrentUser user, SubtaskId id) {
        Locked locked = lock(user, id);
        Subtask subtask = locked.subtask();
        if (subtask.status() == SubtaskStatus.MERGED) {
            throw DomainException.conflict("subtask " + subtask.key() + " is already merged");
        }
        if (subtask.phase() == SubtaskPhase.BLOCKED_PR_CLOSED) {
            throw DomainException.unprocessable("subtask " + subtask.key()
                    + ": its pull request was closed without merging; retry to open a new one");
        }
        if (subtask.status() != SubtaskStatus.COMPLETED || subtask.prUrl() == null || subtask.branchName() == null) {
            throw DomainException.unprocessable(
                    "subtask " + subtask.key() + " has no pull request to merge yet (it is " + subtask.status() + ")");
        }
        mergeCheck.requireMerged(
                locked.task().projectId(),
                Objects.requireNonNull(subtask.branchName()),
                subtask.prUrl(),
                Objects.requireNonNull(subtask.prNumber()));
        Subtask merged = transitions.move(locked.task().projectId(), subtask, SubtaskPhase.MERGED);
        unblockDependents(locked.task(), merged);
        return merged;
    }

    /**
     * COMPLETED → MERGED after the app merged the branch itself; dependents and the task move as with
     * {@link #markMerged}. A subtask already MERGED is returned as it is (a merge retried after its
     * branch landed).
     *
     * @throws DomainException CONFLICT when the subtask is no longer COMPLETED
     */
    @Transactional
    public Subtask recordMerged(SubtaskId id) {
        Locked locked = lock(id);
        Subtask subtask = locked.subtask();
        if (subtask.status() == SubtaskStatus.MERGED) {
            return subtask;
        }
        if (subtask.status() != SubtaskStatus.COMPLETED) {
            throw DomainException.conflict(
                    "subtask " + subtask.key() + " is " + subtask.status() + " now, not COMPLETED; it was merged");
        }
        Subtask merged = transitions.move(locked.task().projectId(), subtask, SubtaskPhase.MERGED);
        unblockDependents(locked.task(), merged);
        return merged;
    }

    /**
     * COMPLETED → BLOCKED/PR_CLOSED: pull request {@code prNumber} was closed on the forge without
     * being merged. {@code detail} tells the user (the subtask's {@code blocked_detail}), who may
     * retry. Ignored for a subtask that is not COMPLETED any more or has another pull request now (a
     * late report about an earlier one).
     *
     * @return true when the subtask moved
     */
    @Transactional
    public boolean recordPullRequestClosed(SubtaskId id, int prNumber, String detail) {
        Locked locked = lock(id);
        Subtask subtask = locked.subtask();
        if (subtask.phase() != SubtaskPhase.COMPLETED || !Objects.equals(subtask.prNumber(), prNumber)) {
            return false;
        }
        subtasks.updateBlockedDetail(id, detail);
        transitions.move(locked.task().projectId(), subtask, SubtaskPhase.BLOCKED_PR_CLOSED);
        return true;
    }

    /** Why the subtask is blocked, in words, when its blocked reason alone does not say (PR_CLOSED). */
    public @Nullable String blockedDetail(SubtaskId id) {
        return subtasks.findBlockedDetail(id);
    }

    /** {@link #blockedDetail} of each of the task's subtasks that has one. */
    public Map<SubtaskId, String> blockedDetailsOfTask(TaskId taskId) {
        return subtasks.findBlockedDetails(taskId);
    }

    /**
     * Records whether a COMPLETED subtask's branch merges into {@code baseBranch} as it is now, and
     * announces a change ({@link SubtaskMergeStateChanged}). Ignored for a subtask that is not
     * COMPLETED any more, and when nothing changed.
     */
    @Transactional
    public void recordMergeState(SubtaskId id, MergeState state, List<String> conflictFiles, String baseBranch) {
        Locked locked = lock(id);
        Subtask subtask = locked.subtask();
        List<String> files = conflictFiles.stream().limit(MAX_CONFLICT_FILES).toList();
        if (subtask.status() != SubtaskStatus.COMPLETED
                || (state == subtask.mergeState() && files.equals(subtask.conflictFiles()))) {
            return;
        }
        subtasks.updateMergeState(id, state, files);
        events.publishEvent(new SubtaskMergeStateChanged(
                locked.task().projectId(), subtask.taskId(), id, state, files, baseBranch, Timestamps.now()));
    }

    /**
     * Records what the forge's checks say about the head commit of {@code read} (the subtask as the
     * caller read it before asking the forge), cut to {@link ForgeCheck#summary}, and announces a
     * change ({@link SubtaskChecksChanged}). Ignored when nothing changed, and when the subtask moved
     * since it was read (a late answer about a commit whose work was left; the move cleared them).
     *
     * @return true when the checks changed
     */
    @Transactional
    public boolean recordForgeChecks(Subtask read, List<ForgeCheck> checks) {
        List<ForgeCheck> summary = ForgeCheck.summary(checks);
        // the usual answer of a poll: nothing changed, and no need to lock the task to know it
        if (summary.equals(forgeChecks.find(read.id()))) {
            return false;
        }
        Locked locked = lock(read.id());
        Subtask subtask = locked.subtask();
        if (subtask.phase() != SubtaskPhase.COMPLETED || !subtask.updatedAt().equals(read.updatedAt())) {
            return false;
        }
        if (summary.equals(forgeChecks.find(subtask.id()))) {
            return false;
        }
        forgeChecks.save(subtask.id(), summary);
        events.publishEvent(new SubtaskChecksChanged(
                locked.task().projectId(), subtask.taskId(), subtask.id(), summary, Timestamps.now()));
        return true;
    }

    /** The forge's checks on the subtask's head commit; empty when none were read (or on the local forge). */
    public List<ForgeCheck> forgeChecks(SubtaskId id) {
        return forgeChecks.find(id);
    }

    /** {@link #forgeChecks} of each of the task's subtasks that has some. */
    public Map<SubtaskId, List<ForgeCheck>> forgeChecksOfTask(TaskId taskId) {
        return forgeChecks.findByTask(taskId);
    }

    /** Projects with COMPLETED subtasks: the ones with branches waiting to be merged. */
    public List<ProjectId> projectsWithCompleted() {
        return subtasks.findProjectIdsWithStatus(SubtaskStatus.COMPLETED);
    }

    /** The COMPLETED subtasks of a project's tasks: the branches waiting to be merged. */
    public List<Subtask> completedOfProject(ProjectId projectId) {
        return subtasks.findByProjectAndStatus(projectId, SubtaskStatus.COMPLETED);
    }

    private static DependencyGraph<SubtaskId> graphOf(List<Subtask> all) {
        Map<SubtaskId, List<SubtaskId>> dependsOn = new LinkedHashMap<>();
        all.forEach(s -> dependsOn.put(s.id(), s.dependsOn()));
        return DependencyGraph.of(dependsOn);
    }

    private void unblockDependents(Task task, Subtask merged) {
        List<Subtask> all = subtasks.findByTask(task.id());
        Set<SubtaskId> mergedBefore = all.stream()
                .filter(s -> s.status() == SubtaskStatus.MERGED && !s.id().equals(merged.id()))
                .map(Subtask::id)
                .collect(Collectors.toSet());
        Set<SubtaskId> ready = graphOf(all).readyAfterMerge(merged.id(), mergedBefore);
        for (Subtask dependent : all) {
            if (ready.contains(dependent.id()) && dependent.phase() == SubtaskPhase.BLOCKED_DEPENDENCY) {
                Subtask unblocked = transitions.move(task.projectId(), dependent, SubtaskPhase.READY);
                events.publishEvent(new SubtaskUnblocked(
                        task.projectId(), task.id(), dependent.id(), merged.id(), unblocked.updatedAt()));
            }
        }
        if (all.stream().allMatch(s -> s.status() == SubtaskStatus.MERGED || s.id().equals(merged.id()))) {
            transitions.move(task, TaskStatus.DONE);
        }
    }

    /**
     * Moves the subtask to {@code index} within its board column (subtasks of the same task and
     * status), shifting the others. The column keeps the position slots it had, so positions across
     * the task stay unique and gap-free. An index past the end moves it to the end.
     */
    @Transactional
    public Subtask move(CurrentUser user, SubtaskId id, int index) {
        if (index < 0) {
            throw DomainException.invalid("position must be 0 or more");
        }
        Locked locked = lock(user, id);
        Subtask subtask = locked.subtask();
        List<Subtask> column = subtasks.findByTask(subtask.taskId()).stream()
                .filter(s -> s.status() == subtask.status())
                .toList();
        List<Integer> slots = column.stream().map(Subtask::position).toList();
        List<Subtask> reordered = new ArrayList<>(column);
        reordered.removeIf(s -> s.id().equals(id));
        reordered.add(Math.min(index, reordered.size()), subtask);
        for (int i = 0; i < reordered.size(); i++) {
            if (reordered.get(i).position() != slots.get(i)) {
                subtasks.updatePosition(reordered.get(i).id(), slots.get(i));
            }
        }
        return get(id);
    }

    /** The follow-up the subtask's worker is on. */
    public FollowUpState followUp(SubtaskId id) {
        return followUps.find(id);
    }

    /** The follow-up state of each of the task's subtasks. */
    public Map<SubtaskId, FollowUpState> followUpsOfTask(TaskId taskId) {
        return followUps.findByTask(taskId);
    }

    /**
     * A reviewer's request for changes: COMPLETED (or waiting for the user after its automatic
     * follow-ups ran out) → IN_PROGRESS, and a follow-up worker runs on the same branch with {@code
     * feedback} in its prompt.
     *
     * @throws DomainException CONFLICT in any other state
     */
    @Transactional
    public Subtask requestChanges(CurrentUser user, SubtaskId id, String feedback) {
        Locked locked = lock(user, id);
        Subtask subtask = locked.subtask();
        requireBudget(locked.task());
        if (subtask.phase() != SubtaskPhase.COMPLETED && subtask.phase() != SubtaskPhase.BLOCKED_FOLLOW_UP_LIMIT) {
            throw DomainException.conflict("subtask " + subtask.key() + " is " + subtask.status()
                    + "; changes can be requested only on completed work");
        }
        return startFollowUp(locked, FollowUpReason.CHANGES_REQUESTED, feedback, true);
    }

    /**
     * The user approves a COMPLETED subtask's work, which lets an autopilot merge it in a project that
     * requires approval. Approving twice changes nothing; the approval goes when the subtask leaves
     * COMPLETED (a follow-up makes new work that needs a new look).
     *
     * @throws DomainException CONFLICT when the subtask is not COMPLETED
     */
    @Transactional
    public Subtask approve(CurrentUser user, SubtaskId id) {
        Locked locked = lock(user, id);
        Subtask subtask = locked.subtask();
        if (subtask.phase() != SubtaskPhase.COMPLETED) {
            throw DomainException.conflict(
                    "subtask " + subtask.key() + " is " + subtask.status() + "; only completed work can be approved");
        }
        if (subtask.approvedAt() != null) {
            return subtask;
        }
        Instant now = Timestamps.now();
        Subtask approved = subtasks.update(subtask.withApproval(now));
        events.publishEvent(new SubtaskApproved(locked.task().projectId(), subtask.taskId(), id, now));
        return approved;
    }

    /**
     * The user's Resolve of a conflicted branch: COMPLETED (with merge state {@code conflicted}), or
     * waiting for the user after its automatic follow-ups ran out, → IN_PROGRESS, and a {@code
     * conflict} follow-up runs in the same worktree with {@code details} (the files, both sides'
     * intent) in its prompt. The user acted, so the automatic follow-ups count from zero again.
     *
     * @throws DomainException CONFLICT when the subtask has no conflict to resolve
     */
    @Transactional
    public Subtask resolveConflict(CurrentUser user, SubtaskId id, String details) {
        Locked locked = lock(user, id);
        Subtask subtask = locked.subtask();
        requireBudget(locked.task());
        boolean conflicted = subtask.phase() == SubtaskPhase.COMPLETED && subtask.mergeState() == MergeState.CONFLICTED;
        if (!conflicted && subtask.phase() != SubtaskPhase.BLOCKED_FOLLOW_UP_LIMIT) {
            throw DomainException.conflict("subtask " + subtask.key() + " is " + subtask.status()
                    + (subtask.phase() == SubtaskPhase.COMPLETED ? " without a conflict" : "")
                    + "; only a branch that conflicts with the default branch can be resolved");
        }
        return startFollowUp(locked, FollowUpReason.CONFLICT, details, true);
    }

    /**
     * Starts a follow-up of completed work for a cause found by the app (a review on the forge, a
     * conflict with the default branch; an autopilot calls this too): COMPLETED → IN_PROGRESS with
     * {@code details} in the worker's next prompt. An automatic cause past the project's {@code
     * max_follow_ups} moves the subtask to BLOCKED/FOLLOW_UP_LIMIT instead, for the user to act.
     *
     * @return the subtask, or empty when it is not COMPLETED (nothing started)
     */
    @Transactional
    public Optional<Subtask> requestFollowUp(SubtaskId id, FollowUpReason reason, String details) {
        Locked locked = lock(id);
        if (locked.subtask().phase() != SubtaskPhase.COMPLETED || locked.task().budgetReached()) {
            return Optional.empty();
        }
        return Optional.of(startFollowUp(locked, reason, details, false));
    }

    /**
     * The project's check failed after the worker's attempt: the next attempt is a CHECKS_FAILED
     * follow-up with {@code checkOutput} in its prompt, unless the automatic follow-ups ran out, when
     * the subtask moves to BLOCKED/FOLLOW_UP_LIMIT.
     *
     * @return true when a follow-up attempt follows
     */
    @Transactional
    public boolean recordChecksFailed(SubtaskId id, String checkOutput) {
        Locked locked = lock(id);
        Subtask subtask = locked.subtask();
        if (subtask.status() != SubtaskStatus.IN_PROGRESS) {
            throw DomainException.conflict("subtask " + subtask.key() + " is " + subtask.status() + ", not running");
        }
        int count = followUps.find(id).automaticFollowUps() + 1;
        followUps.save(id, new FollowUpState(FollowUpReason.CHECKS_FAILED, checkOutput, count));
        if (count > maxFollowUps(locked.task())) {
            transitions.move(locked.task().projectId(), subtask, SubtaskPhase.BLOCKED_FOLLOW_UP_LIMIT);
            return false;
        }
        // a new cause: the attempts count from zero for it
        subtasks.update(subtask.withRetryCount(0));
        return true;
    }

    private Subtask startFollowUp(Locked locked, FollowUpReason reason, String details, boolean userActed) {
        Subtask subtask = locked.subtask();
        ProjectId projectId = locked.task().projectId();
        int count = userActed ? 0 : followUps.find(subtask.id()).automaticFollowUps();
        if (reason.automatic()) {
            if (count >= maxFollowUps(locked.task())) {
                followUps.save(subtask.id(), new FollowUpState(reason, details, count));
                return transitions.move(projectId, subtask, SubtaskPhase.BLOCKED_FOLLOW_UP_LIMIT);
            }
            count++;
        }
        followUps.save(subtask.id(), new FollowUpState(reason, details, count));
        Subtask moved = transitions.move(projectId, subtask, SubtaskPhase.IN_PROGRESS, s -> s.withRetryCount(0));
        events.publishEvent(new WorkRequested(projectId, subtask.taskId(), subtask.id()));
        return moved;
    }

    private int maxFollowUps(Task task) {
        return projects.get(task.projectId()).maxFollowUps();
    }

    /**
     * What the forge reported (reviews asking for changes, failing check runs) starts one follow-up
     * of the COMPLETED subtask with {@code details} in its prompt. Each item is recorded as handled,
     * so it starts at most one follow-up; an automatic cause past {@code max_follow_ups} moves the
     * subtask to BLOCKED/FOLLOW_UP_LIMIT instead.
     *
     * @return true when the subtask moved; false when it is not COMPLETED (the items wait for the
     *     next poll) or every item was handled already
     */
    @Transactional
    public boolean followUpForgeItems(SubtaskId id, FollowUpReason reason, List<ForgeItem> items, String details) {
        Locked locked = lock(id);
        if (locked.subtask().phase() != SubtaskPhase.COMPLETED) {
            return false;
        }
        long fresh =
                items.stream().filter(item -> followUps.markHandled(id, item)).count();
        if (fresh == 0) {
            return false;
        }
        startFollowUp(locked, reason, details, false);
        return true;
    }

    /** Subtasks whose work is done and waits for review or merge, across all projects. */
    public List<Subtask> completed() {
        return subtasks.findIdsByStatus(SubtaskStatus.COMPLETED).stream()
                .map(this::get)
                .toList();
    }

    public boolean isHandled(SubtaskId id, ForgeItem item) {
        return followUps.isHandled(id, item);
    }

    /** IN_PROGRESS → COMPLETED: the worker succeeded, its branch was pushed and a PR opened. */
    @Transactional
    public Subtask recordWorkCompleted(SubtaskId id, String branch, String prUrl, int prNumber) {
        Locked locked = lock(id);
        FollowUpState state = followUps.find(id);
        if (state.reason() != null) {
            // the cause is dealt with; the count stays until the user acts
            followUps.save(id, new FollowUpState(null, null, state.automaticFollowUps()));
        }
        return transitions.move(
                locked.task().projectId(),
                locked.subtask(),
                SubtaskPhase.COMPLETED,
                s -> s.withPullRequest(branch, prUrl, prNumber));
    }

    /** IN_PROGRESS → BLOCKED/FAILURE: the worker ran out of attempts. */
    @Transactional
    public Subtask recordWorkFailed(SubtaskId id, int attempts) {
        Locked locked = lock(id);
        return transitions.move(
                locked.task().projectId(),
                locked.subtask(),
                SubtaskPhase.BLOCKED_FAILURE,
                s -> s.withRetryCount(attempts));
    }

    /**
     * Counts one more failed worker attempt on an IN_PROGRESS subtask.
     *
     * @return the failed attempts so far (the subtask's {@code retry_count})
     */
    @Transactional
    public int recordAttemptFailed(SubtaskId id) {
        Locked locked = lock(id);
        Subtask subtask = locked.subtask();
        if (subtask.status() != SubtaskStatus.IN_PROGRESS) {
            throw DomainException.conflict("subtask " + subtask.key() + " is " + subtask.status() + ", not running");
        }
        return subtasks.update(subtask.withRetryCount(subtask.retryCount() + 1)).retryCount();
    }

    /**
     * IN_PROGRESS → BLOCKED/FAILURE because the task's budget is reached, with {@link #BUDGET_DETAIL}:
     * raising the budget starts it again. A subtask no longer running is left as it is.
     */
    @Transactional
    public void recordStoppedByBudget(SubtaskId id) {
        Locked locked = lock(id);
        if (locked.subtask().status() != SubtaskStatus.IN_PROGRESS) {
            return;
        }
        transitions.move(locked.task().projectId(), locked.subtask(), SubtaskPhase.BLOCKED_FAILURE);
        subtasks.updateBlockedDetail(id, BUDGET_DETAIL);
    }

    /** The budget of a task that had reached it was raised: the subtasks it stopped run again. */
    @org.springframework.context.event.EventListener
    void on(TaskBudgetRaised event) {
        Task task = event.task();
        for (Subtask subtask : subtasks.findByTask(task.id())) {
            if (subtask.phase() == SubtaskPhase.BLOCKED_FAILURE
                    && BUDGET_DETAIL.equals(subtasks.findBlockedDetail(subtask.id()))) {
                subtasks.updateBlockedDetail(subtask.id(), null);
                transitions.move(task.projectId(), subtask, SubtaskPhase.IN_PROGRESS, s -> s.withRetryCount(0));
                events.publishEvent(new WorkRequested(task.projectId(), task.id(), subtask.id()));
            }
        }
    }

    /** Why a subtask the budget stopped is blocked ({@code blocked_detail}). */
    public static final String BUDGET_DETAIL = "budget reached; raise the task's budget to continue";

    /** Nothing is started while the task's budget is reached. */
    private static void requireBudget(Task task) {
        if (task.budgetReached()) {
            throw DomainException.conflict(TaskService.BUDGET_CONFLICT);
        }
    }

    /** Subtasks a worker should be running on, across all projects (for recovery at start-up). */
    public List<SubtaskId> inProgress() {
        return subtasks.findIdsByStatus(SubtaskStatus.IN_PROGRESS);
    }

    /** Records the branch a worker works on, once its worktree exists. */
    @Transactional
    public Subtask recordBranch(SubtaskId id, String branch) {
        Locked locked = lock(id);
        return subtasks.update(locked.subtask().withBranchName(branch));
    }

    /** Adds a run's tokens and its cost (null: unknown, adds nothing) to the subtask's totals. */
    @Transactional
    public void addUsage(SubtaskId id, long tokens, @Nullable BigDecimal cost) {
        subtasks.addUsage(id, tokens, cost);
    }

    /**
     * @throws DomainException CONFLICT while the task's plan awaits the user's approval
     */
    static void requirePlanApproved(Task task) {
        if (task.awaitsPlanApproval()) {
            throw DomainException.conflict(
                    "the task's plan awaits approval; approve the plan before starting its subtasks");
        }
    }

    private String unmergedDependencies(Subtask subtask) {
        Set<SubtaskId> waitFor = Set.copyOf(subtask.dependsOn());
        String keys = subtasks.findByTask(subtask.taskId()).stream()
                .filter(s -> waitFor.contains(s.id()) && s.status() != SubtaskStatus.MERGED)
                .map(Subtask::key)
                .collect(Collectors.joining(", "));
        return keys.isEmpty() ? "its dependencies" : keys;
    }

    private Locked lock(CurrentUser user, SubtaskId id) {
        get(user, id);
        return lock(id);
    }

    /** Locks the parent task, then reads the subtask fresh, so what is checked is what is changed. */
    private Locked lock(SubtaskId id) {
        Subtask unlocked = get(id);
        Task task = tasks.lock(unlocked.taskId());
        return new Locked(task, get(id));
    }

    private record Locked(Task task, Subtask subtask) {}
}
