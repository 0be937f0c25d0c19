package dev.internvillage.agent.loop;

import dev.internvillage.agent.RunId;
import dev.internvillage.cluster.ClusterSignals;
import dev.internvillage.cluster.InstanceId;
import dev.internvillage.common.Timestamps;
import dev.internvillage.project.ProjectId;
import dev.internvillage.task.SubtaskId;
import dev.internvillage.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests for a loop made on an instance that does not hold its lease, carried to the holder: the
 * request is a row of {@code loop_commands} (a steering message's text stays there), and a signal on
 * {@link #CHANNEL} with only the command's id wakes the holder. A lost signal delays a request to
 * the holder's next heartbeat, which takes whatever is addressed to it. The sender waits (bounded)
 * for the holder to say it is done.
 */
@Component
class LoopCommands {

    private static final Logger log = LoggerFactory.getLogger(LoopCommands.class);

    /** The channel of loop ownership: commands, their answers, and loops handed back. */
    static final String CHANNEL = "iv_loops";

    /** What the holder is asked to do. */
    enum Command {
        /** Start or re-arm the loop (a retry or follow-up). */
        REQUEST,
        /** Stop the run for its owner. */
        STOP,
        /** Stop the task's loops: it is being deleted. */
        CANCEL_TASK,
        /** Stop the project's loops: it is being deleted or cleaned up. */
        CANCEL_PROJECT,
        /** Stop the task's loops: its budget is reached. */
        BUDGET_STOP,
        /** Hand the running agent a message (the body). */
        MESSAGE
    }

    /** How a command ended for its sender. */
    enum Outcome {
        DONE,
        REFUSED,
        /** The holder did not answer in time (it may be dying; its lease then expires). */
        NO_ANSWER
    }

    /** A command addressed to this instance. */
    record Pending(
            UUID id,
            Command command,
            ProjectId projectId,
            @Nullable TaskId taskId,
            @Nullable SubtaskId subtaskId,
            @Nullable RunId runId,
            @Nullable String body) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final ClusterSignals signals;
    private final InstanceId me;
    private final Object answers = new Object();

    LoopCommands(JdbcClient jdbc, PlatformTransactionManager transactions, ClusterSignals signals, InstanceId me) {
        this.jdbc = jdbc;
        this.signals = signals;
        this.me = me;
        this.ownTransaction = new TransactionTemplate(transactions);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Listens for commands addressed here ({@code onCommand}, called on the signal thread: it must not
     * block) and for loops handed back ({@code onHandBack}).
     */
    void listen(Runnable onCommand, Runnable onHandBack) {
        String mine = "command " + me.value();
        signals.listen(CHANNEL, payload -> {
            if (payload.startsWith("answer ")) {
                synchronized (answers) {
                    answers.notifyAll();
                }
            } else if (payload.equals(mine)) {
                onCommand.run();
            } else if (payload.startsWith("handed-back ")) {
                onHandBack.run();
            }
        });
        signals.onGap(onCommand);
    }

    /** Tells every instance that this one handed its loops back, so they take them over now. */
    void announceHandBack() {
        sendNow("handed-back " + me.value());
    }

    /** Sends a command about one loop (and maybe one of its runs) to {@code holder}; returns its id. */
    UUID sendToLoop(String holder, Command command, LoopKey key, @Nullable RunId runId, @Nullable String body) {
        return send(holder, command, key.projectId(), key.taskId(), key.subtaskId(), runId, body);
    }

    /** Sends a command to {@code holder}; returns its id for {@link #await}. */
    UUID send(
            String holder,
            Command command,
            ProjectId projectId,
            @Nullable TaskId taskId,
            @Nullable SubtaskId subtaskId,
            @Nullable RunId runId,
            @Nullable String body) {
        UUID id = UUID.randomUUID();
        write(() -> jdbc.sql("""
                        INSERT INTO loop_commands (id, instance_id, command, project_id, task_id, subtask_id, run_id,
                            body, state, created_at)
                        VALUES (:id, :instance, :command, :project, :task, :subtask, :run, :body, 'NEW', :now)""")
                .param("id", id)
                .param("instance", holder)
                .param("command", command.name())
                .param("project", projectId.value())
                .param("task", taskId == null ? null : taskId.value())
                .param("subtask", subtaskId == null ? null : subtaskId.value())
                .param("run", runId == null ? null : runId.value())
                .param("body", body)
                .param("now", Timestamps.toDb(Timestamps.now()))
                .update());
        sendNow("command " + holder);
        return id;
    }

    /**
     * Waits up to {@code max} for the holder's answer, then deletes the command (an unanswered one is
     * withdrawn: a holder that takes it later finds nothing).
     */
    Outcome await(UUID id, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (true) {
                String state = jdbc.sql("SELECT state FROM loop_commands WHERE id = :id")
                        .param("id", id)
                        .query(String.class)
                        .optional()
                        .orElse("REFUSED");
                if (state.equals("DONE")) {
                    return Outcome.DONE;
                }
                if (state.equals("REFUSED")) {
                    return Outcome.REFUSED;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Outcome.NO_ANSWER;
                }
                // woken by the holder's answer signal; the timeout re-reads the row in case it was lost
                synchronized (answers) {
                    answers.wait(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), 250)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.NO_ANSWER;
        } finally {
            write(() -> jdbc.sql("DELETE FROM loop_commands WHERE id = :id")
                    .param("id", id)
                    .update());
        }
    }

    /** Takes the commands addressed to this instance, each exactly once, and runs {@code handler} on each. */
    void takeMine(Consumer<Pending> handler) {
        List<Pending> pending = jdbc.sql("""
                        SELECT id, command, project_id, task_id, subtask_id, run_id, body FROM loop_commands
                        WHERE instance_id = :me AND state = 'NEW' ORDER BY created_at""")
                .param("me", me.value())
                .query((rs, row) -> new Pending(
                        rs.getObject("id", UUID.class),
                        Command.valueOf(rs.getString("command")),
                        new ProjectId(rs.getObject("project_id", UUID.class)),
                        nullable(rs.getObject("task_id", UUID.class), TaskId::new),
                        nullable(rs.getObject("subtask_id", UUID.class), SubtaskId::new),
                        nullable(rs.getObject("run_id", UUID.class), RunId::new),
                        rs.getString("body")))
                .list();
        List<Pending> taken = new ArrayList<>();
        for (Pending command : pending) {
            int rows = write(() -> jdbc.sql("UPDATE loop_commands SET state = 'TAKEN' WHERE id = :id AND state = 'NEW'")
                    .param("id", command.id())
                    .update());
            if (rows == 1) {
                taken.add(command);
            }
        }
        taken.forEach(handler);
    }

    /** Deletes a command nobody waits for (a re-arm) once it is carried out. */
    void delete(UUID id) {
        write(() -> jdbc.sql("DELETE FROM loop_commands WHERE id = :id")
                .param("id", id)
                .update());
    }

    /** Records the holder's answer and wakes the sender. */
    void answer(UUID id, boolean done) {
        write(() -> jdbc.sql("UPDATE loop_commands SET state = :state WHERE id = :id")
                .param("state", done ? "DONE" : "REFUSED")
                .param("id", id)
                .update());
        sendNow("answer " + id);
    }

    /**
     * Deletes commands older than {@code age}: re-arms nobody waits for, and commands to instances
     * that died before taking them (their loops are taken over with their leases).
     */
    void deleteOlderThan(Duration age) {
        Instant before = Timestamps.now().minus(age);
        write(() -> jdbc.sql("DELETE FROM loop_commands WHERE created_at < :before")
                .param("before", Timestamps.toDb(before))
                .update());
    }

    /**
     * Signals at once, outside whatever transaction the caller's thread is in: a stop inside a
     * deleting transaction must reach the holder before that transaction commits.
     */
    private void sendNow(String payload) {
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                signals.send(CHANNEL, payload);
            } catch (RuntimeException e) {
                // the holder's heartbeat takes the command anyway
                log.warn("Could not signal {} on {}: {}", payload, CHANNEL, e.getMessage());
            }
        });
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T write(Supplier<T> action) {
        return java.util.Objects.requireNonNull(ownTransaction.execute(status -> action.get()));
    }

    private static <T> @Nullable T nullable(@Nullable UUID id, java.util.function.Function<UUID, T> wrap) {
        return id == null ? null : wrap.apply(id);
    }
}
