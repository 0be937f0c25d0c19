package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.AgentProcess;
import dev.internvillage.runlog.RunLogWriter;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.Task;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over the loops nobody runs: those whose lease belongs to a dead instance (expired, or its
 * process on this host gone), handed back at a shutdown, or missing while the database says the loop
 * should run. Their QUEUED or RUNNING runs are failed (at start-up "orchestrator restart", later
 * "instance lost"; counted as an attempt, as a restart always was), agents left behind on this host
 * are killed, and the loop resumes here with the usual retry rules. Runs on one thread at a time (the
 * start-up, then the heartbeat's), never beside the heartbeat's own lease bookkeeping.
 */
final class LoopTakeover {

    private static final Logger log = LoggerFactory.getLogger(LoopTakeover.class);

    private final AgentLoops loops;
    private final LoopContext context;
    private final LoopLeases leases;
    /** Loops seen without any lease at the previous pass. */
    private Set<LoopKey> unleasedBefore = Set.of();

    LoopTakeover(AgentLoops loops, LoopContext context, LoopLeases leases) {
        this.loops = loops;
        this.context = context;
        this.leases = leases;
    }

    synchronized void takeOverLost(String reason) {
        Map<LoopKey, List<AgentRun>> activeRuns = new HashMap<>();
        for (AgentRun run : context.runs().allActiveRuns()) {
            activeRuns
                    .computeIfAbsent(
                            new LoopKey(run.projectId(), run.taskId(), run.subtaskId()), k -> new ArrayList<>())
                    .add(run);
        }
        Set<LoopKey> wanted = new LinkedHashSet<>(activeRuns.keySet());
        for (Task task : context.tasks().planning()) {
            wanted.add(new LoopKey(task.projectId(), task.id(), null));
        }
        for (SubtaskId subtaskId : context.subtasks().inProgress()) {
            try {
                var subtask = context.subtasks().get(subtaskId);
                wanted.add(new LoopKey(context.tasks().get(subtask.taskId()).projectId(), subtask.taskId(), subtaskId));
            } catch (RuntimeException e) {
                // deleted meanwhile
            }
        }
        Map<LoopKey, LoopLeases.Holder> held = new HashMap<>();
        for (LoopLeases.Lease lease : leases.all()) {
            held.put(lease.key(), lease.holder());
        }
        boolean startUp = reason.equals("orchestrator restart");
        Set<LoopKey> unleased = new HashSet<>();
        for (LoopKey key : wanted) {
            if (loops.runsHere(key)) {
                continue;
            }
            LoopLeases.Holder holder = held.get(key);
            if (holder == null) {
                unleased.add(key);
                // A loop without a lease may be one whose request has committed but not yet claimed it,
                // or one whose deletion is about to commit: taken only when still so one pass later (or
                // at start-up, when nothing of this app runs yet).
                if (!startUp && !unleasedBefore.contains(key)) {
                    continue;
                }
            } else if (holder.instanceId().equals(leases.me().value()) || !leases.isGone(holder)) {
                continue;
            }
            if (!leases.claim(key, holder)) {
                continue;
            }
            takeOver(key, holder, activeRuns.getOrDefault(key, List.of()), reason);
        }
        unleasedBefore = unleased;
        // leases of dead instances whose loops have nothing left to do
        held.forEach((key, holder) -> {
            if (!wanted.contains(key) && !holder.instanceId().equals(leases.me().value()) && leases.isGone(holder)) {
                leases.forget(key, holder);
            }
        });
    }

    private void takeOver(LoopKey key, LoopLeases.@Nullable Holder holder, List<AgentRun> runs, String reason) {
        if (!runs.isEmpty()) {
            List<Long> killed = AgentProcess.killLeftovers(
                    runs.stream().map(run -> run.id().toString()).collect(java.util.stream.Collectors.toSet()));
            if (!killed.isEmpty()) {
                log.info("Killed agent processes {} left behind by {}", killed, holder == null ? "a crash" : holder);
            }
        }
        for (AgentRun run : runs) {
            try {
                appendNote(run, reason);
                if (run.agentType() == AgentType.PLANNER) {
                    context.recorder().plannerFailed(run, 0, reason);
                } else {
                    context.recorder().workerFailed(run, 0, reason);
                }
                log.info(
                        "Run {} ({} attempt {}) was active on {}; marked failed ({})",
                        run.id(),
                        run.agentType(),
                        run.attemptNumber(),
                        holder == null ? "an instance that left no lease" : holder.instanceId(),
                        reason);
            } catch (RuntimeException e) {
                log.warn("Could not recover run {}: {}", run.id(), e.getMessage());
            }
        }
        loops.request(key);
    }

    /** A note at the end of the run's log, when the log is on this instance's disk. */
    private void appendNote(AgentRun run, String reason) {
        if (!Files.exists(context.runs().logFile(run))) {
            return;
        }
        String note = reason.equals("orchestrator restart")
                ? "The orchestrator restarted while this run was active; it counts as failed"
                : "The instance running this agent was lost; the run counts as failed and its work continues"
                        + " on instance " + leases.me();
        try (RunLogWriter runLog = context.launcher().openLog(run)) {
            runLog.note(note);
            runLog.complete();
        } catch (RuntimeException e) {
            log.debug("Could not append to the log of run {}: {}", run.id(), e.getMessage());
        }
    }
}
