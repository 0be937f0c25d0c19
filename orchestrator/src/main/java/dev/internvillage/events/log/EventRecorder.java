package dev.internvillage.events.log;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentRunCompleted;
import dev.internvillage.agent.AgentRunFailed;
import dev.internvillage.agent.AgentRunQueued;
import dev.internvillage.agent.AgentRunStarted;
import dev.internvillage.auth.UserId;
import dev.internvillage.common.Timestamps;
import dev.internvillage.events.EventMetrics;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.project.ProjectDeleted;
import dev.internvillage.project.ProjectId;
import dev.internvillage.task.SubtaskApproved;
import dev.internvillage.task.SubtaskChecksChanged;
import dev.internvillage.task.SubtaskCreated;
import dev.internvillage.task.SubtaskDeleted;
import dev.internvillage.task.SubtaskMergeStateChanged;
import dev.internvillage.task.SubtaskStatusChanged;
import dev.internvillage.task.SubtaskUnblocked;
import dev.internvillage.task.SubtaskUpdated;
import dev.internvillage.task.TaskDeleted;
import dev.internvillage.task.TaskStatusChanged;
import dev.internvillage.task.TaskUpdated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends every status and agent event to its project's event log, and to its owner's (the user-level
 * stream's), in the transaction that made the change, so a rolled-back change leaves no trace and a committed one always has its entry; after
 * the commit the log's listeners (the hub) are told, so they send them.
 *
 * <p>The listener turns the event into its JSON at once but writes it just before the commit
 * ({@code beforeCommit}, still inside the transaction): taking the project's sequence numbers locks
 * its counter row until the commit, and taking that lock last means it is held only for the commit
 * and can never be part of a lock-order deadlock with the task row locks the change itself takes.
 */
@Component
class EventRecorder {

    private final EventLogRepository eventLog;
    private final List<EventLogListener> listeners;
    private final EventMetrics metrics;
    private final JsonMapper json;
    private final TransactionTemplate ownTransaction;
    private final Map<ProjectId, UserId> owners = new ConcurrentHashMap<>();

    EventRecorder(
            EventLogRepository eventLog,
            List<EventLogListener> listeners,
            EventMetrics metrics,
            JsonMapper json,
            PlatformTransactionManager transactions) {
        this.eventLog = eventLog;
        this.listeners = List.copyOf(listeners);
        this.metrics = metrics;
        this.json = json;
        this.ownTransaction = new TransactionTemplate(transactions);
    }

    @EventListener
    void on(TaskStatusChanged e) {
        record(
                e.projectId(),
                EventPayloads.TASK_STATUS_CHANGED,
                new EventPayloads.TaskStatusChanged(
                        e.taskId().value(),
                        e.oldStatus() == null ? null : e.oldStatus().name(),
                        e.newStatus().name(),
                        e.changedAt()));
    }

    @EventListener
    void on(SubtaskStatusChanged e) {
        record(
                e.projectId(),
                EventPayloads.SUBTASK_STATUS_CHANGED,
                new EventPayloads.SubtaskStatusChanged(
                        e.subtaskId().value(),
                        e.taskId().value(),
                        e.oldStatus().name(),
                        e.newStatus().name(),
                        e.blockedReason() == null ? null : e.blockedReason().name(),
                        e.prUrl(),
                        e.prNumber(),
                        e.changedAt(),
                        e.followUpReason(),
                        e.automaticFollowUps()));
    }

    @EventListener
    void on(SubtaskUnblocked e) {
        record(
                e.projectId(),
                EventPayloads.SUBTASK_UNBLOCKED,
                new EventPayloads.SubtaskUnblocked(
                        e.subtaskId().value(),
                        e.taskId().value(),
                        e.unblockedBy().value(),
                        e.changedAt()));
    }

    @EventListener
    void on(SubtaskApproved e) {
        record(
                e.projectId(),
                EventPayloads.SUBTASK_APPROVED,
                new EventPayloads.SubtaskApproved(
                        e.subtaskId().value(), e.taskId().value(), e.approvedAt()));
    }

    @EventListener
    void on(TaskUpdated e) {
        record(
                e.projectId(),
                EventPayloads.TASK_UPDATED,
                new EventPayloads.TaskUpdated(
                        e.task().id().value(),
                        e.task().autopilot(),
                        e.task().requirePlanApproval(),
                        e.task().planApprovedAt(),
                        e.changedAt(),
                        e.task().budgetUsd(),
                        e.task().budgetTokens(),
                        e.task().budgetReached(),
                        e.usage().costUsd(),
                        e.usage().tokens()));
    }

    @EventListener
    void on(SubtaskCreated e) {
        record(e.projectId(), EventPayloads.SUBTASK_CREATED, e.subtask());
    }

    @EventListener
    void on(SubtaskUpdated e) {
        record(e.projectId(), EventPayloads.SUBTASK_UPDATED, e.subtask());
    }

    @EventListener
    void on(SubtaskDeleted e) {
        record(
                e.projectId(),
                EventPayloads.SUBTASK_DELETED,
                new EventPayloads.SubtaskDeleted(
                        e.subtaskId().value(), e.taskId().value(), e.deletedAt()));
    }

    @EventListener
    void on(TaskDeleted e) {
        record(
                e.projectId(),
                EventPayloads.TASK_DELETED,
                new EventPayloads.TaskDeleted(e.taskId().value(), e.deletedAt()));
    }

    /**
     * The project's own log goes with it; its owner's log keeps {@code project:deleted}, so a
     * user-level stream that was away learns of the deletion when it resumes.
     */
    @EventListener
    void on(ProjectDeleted e) {
        owners.put(e.projectId(), e.ownerId());
        add(new Pending(
                e.projectId(),
                EventPayloads.PROJECT_DELETED,
                json.writeValueAsString(
                        new EventPayloads.ProjectDeleted(e.projectId().value(), e.deletedAt())),
                true));
    }

    @EventListener
    void on(SubtaskMergeStateChanged e) {
        record(
                e.projectId(),
                EventPayloads.SUBTASK_MERGE_STATE_CHANGED,
                new EventPayloads.SubtaskMergeStateChanged(
                        e.subtaskId().value(),
                        e.taskId().value(),
                        e.mergeState(),
                        e.conflictFiles(),
                        e.baseBranch(),
                        e.changedAt()));
    }

    @EventListener
    void on(SubtaskChecksChanged e) {
        record(
                e.projectId(),
                EventPayloads.SUBTASK_CHECKS_CHANGED,
                new EventPayloads.SubtaskChecksChanged(
                        e.subtaskId().value(), e.taskId().value(), e.checks(), e.changedAt()));
    }

    @EventListener
    void on(AgentRunQueued e) {
        record(e.run().projectId(), EventPayloads.AGENT_QUEUED, EventPayloads.AgentStarted.of(e.run()));
    }

    @EventListener
    void on(AgentRunStarted e) {
        record(e.run().projectId(), EventPayloads.AGENT_STARTED, EventPayloads.AgentStarted.of(e.run()));
    }

    @EventListener
    void on(AgentRunCompleted e) {
        AgentRun run = e.run();
        record(
                run.projectId(),
                EventPayloads.AGENT_COMPLETED,
                new EventPayloads.AgentCompleted(
                        run.id().value(),
                        run.agentType(),
                        run.taskId().value(),
                        run.subtaskId() == null ? null : run.subtaskId().value(),
                        run.durationMs(),
                        run.tokenUsage(),
                        e.prUrl(),
                        run.usage().model(),
                        run.usage().costUsd(),
                        run.usage().inputTokens(),
                        run.usage().outputTokens(),
                        run.usage().cacheReadTokens(),
                        run.usage().cacheWriteTokens(),
                        run.resumedSessionId()));
    }

    @EventListener
    void on(AgentRunFailed e) {
        AgentRun run = e.run();
        record(
                run.projectId(),
                EventPayloads.AGENT_FAILED,
                new EventPayloads.AgentFailed(
                        run.id().value(),
                        run.agentType(),
                        run.taskId().value(),
                        run.subtaskId() == null ? null : run.subtaskId().value(),
                        run.attemptNumber(),
                        run.errorMessage(),
                        e.willRetry(),
                        e.nextAttemptAt(),
                        run.tokenUsage(),
                        run.usage().model(),
                        run.usage().costUsd(),
                        run.usage().inputTokens(),
                        run.usage().outputTokens(),
                        run.usage().cacheReadTokens(),
                        run.usage().cacheWriteTokens(),
                        run.resumedSessionId()));
    }

    /**
     * An event waiting for its transaction to commit; {@code seq} is set just before the commit.
     * {@code ownerOnly}: it goes to the owner's log alone (the project's log is gone).
     */
    private record Pending(ProjectId project, String type, String data, boolean ownerOnly) {

        /** The data as the user log holds it: the project's payload with {@code project_id} first. */
        String dataForOwner() {
            if (data.startsWith("{\"project_id\"")) {
                return data;
            }
            String head = "{\"project_id\":\"" + project.value() + "\"";
            return data.equals("{}") ? head + "}" : head + "," + data.substring(1);
        }
    }

    private void record(ProjectId project, String type, Object payload) {
        add(new Pending(project, type, json.writeValueAsString(payload), false));
    }

    private void add(Pending pending) {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            batch().add(pending);
        } else {
            // published outside a transaction: the event is its own change, committed at once
            List<Pending> alone = List.of(pending);
            ownTransaction.executeWithoutResult(status -> write(alone));
            committed(alone);
        }
    }

    /**
     * The current transaction's pending events; the first call registers the commit hooks. The batch
     * lives in the transaction's own synchronization, so a suspended outer transaction (REQUIRES_NEW)
     * keeps its events apart from the inner one's.
     */
    private List<Pending> batch() {
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof Batch batch && batch.owner() == this) {
                return batch.events;
            }
        }
        Batch batch = new Batch();
        TransactionSynchronizationManager.registerSynchronization(batch);
        return batch.events;
    }

    /** One transaction's events: written just before its commit, announced after it. */
    private final class Batch implements TransactionSynchronization {
        final List<Pending> events = new ArrayList<>();

        EventRecorder owner() {
            return EventRecorder.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            write(events);
        }

        @Override
        public void afterCommit() {
            committed(events);
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<ProjectId, List<Pending>> byProject = new LinkedHashMap<>();
        Map<UserId, List<Pending>> byOwner = new LinkedHashMap<>();
        for (Pending p : batch) {
            if (!p.ownerOnly()) {
                byProject.computeIfAbsent(p.project(), k -> new ArrayList<>()).add(p);
            }
            ownerOf(p.project())
                    .ifPresent(owner -> byOwner.computeIfAbsent(owner, k -> new ArrayList<>())
                            .add(p));
        }
        // counters are always locked in the same order: projects by id, then their owners by id
        List<ProjectId> projects = new ArrayList<>(byProject.keySet());
        projects.sort(Comparator.comparing(ProjectId::value));
        Instant now = Timestamps.now();
        Map<EventScope, Long> heads = new LinkedHashMap<>();
        for (ProjectId project : projects) {
            List<Pending> events = byProject.get(project);
            long last = eventLog.allocate(project, events.size());
            long seq = last - events.size();
            for (Pending p : events) {
                eventLog.insert(new ProjectEvent(project, ++seq, p.type(), p.data()), now);
            }
            heads.put(new EventScope.Project(project), last);
        }
        List<UserId> owners = new ArrayList<>(byOwner.keySet());
        owners.sort(Comparator.comparing(UserId::value));
        for (UserId owner : owners) {
            List<Pending> events = byOwner.get(owner);
            long last = eventLog.allocateForUser(owner, events.size());
            long seq = last - events.size();
            for (Pending p : events) {
                eventLog.insertForUser(owner, new ProjectEvent(p.project(), ++seq, p.type(), p.dataForOwner()), now);
            }
            heads.put(new EventScope.User(owner), last);
        }
        for (EventLogListener listener : listeners) {
            listener.appending(heads);
        }
    }

    /** A project's owner never changes, so it is asked for once. */
    private Optional<UserId> ownerOf(ProjectId project) {
        UserId known = owners.get(project);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<UserId> owner = eventLog.ownerOf(project);
        owner.ifPresent(o -> owners.put(project, o));
        return owner;
    }

    private void committed(List<Pending> batch) {
        metrics.published.increment(batch.size());
        Set<EventScope> scopes = new LinkedHashSet<>();
        for (Pending p : batch) {
            if (!p.ownerOnly()) {
                scopes.add(new EventScope.Project(p.project()));
            }
            UserId owner = owners.get(p.project());
            if (owner != null) {
                scopes.add(new EventScope.User(owner));
            }
        }
        for (EventScope scope : scopes) {
            for (EventLogListener listener : listeners) {
                listener.committed(scope);
            }
        }
    }
}
