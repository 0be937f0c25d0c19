package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.events.log.EventLog;
import dev.internvillage.events.log.ProjectEvent;
import dev.internvillage.project.ProjectId;
import dev.internvillage.task.TaskId;
import dev.internvillage.task.TaskStatus;
import dev.internvillage.task.TaskStatusChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sequence numbers of a project become visible in order: a reader asking for "after my cursor"
 * while many transactions commit concurrently never sees a number before a smaller one, so it can
 * never step over an event that commits late. Rolled-back transactions use up no numbers.
 */
class EventLogOrderingTests extends EventsTestBase {

    @Autowired
    EventLog eventLog;

    @Test
    void concurrentWritersCommitTheirNumbersInOrderAndWithoutGaps() throws Exception {
        ProjectId project = new ProjectId(UUID.fromString(createProject(owner().api())));
        TaskId task = new TaskId(UUID.randomUUID());
        int threads = 8;
        int transactionsPerThread = 40;
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Long> seen = new ArrayList<>();

        // a reader that follows the log the way the hub does, and checks each page starts where it left off
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            long cursor = 0;
            while (writing.get() || cursor < eventLog.head(project)) {
                for (ProjectEvent e : eventLog.after(project, cursor, Long.MAX_VALUE, 1000)) {
                    if (e.seq() != cursor + 1) {
                        problems.add("after " + cursor + " the reader saw " + e.seq());
                    }
                    cursor = e.seq();
                    seen.add(cursor);
                }
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<Integer>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(CompletableFuture.supplyAsync(
                    () -> {
                        int committed = 0;
                        for (int i = 0; i < transactionsPerThread; i++) {
                            int events = 1 + ThreadLocalRandom.current().nextInt(3);
                            boolean rollBack = ThreadLocalRandom.current().nextInt(5) == 0;
                            try {
                                tx().executeWithoutResult(status -> {
                                    for (int e = 0; e < events; e++) {
                                        publisher.publishEvent(new TaskStatusChanged(
                                                project, task, null, TaskStatus.PLANNING, Instant.now()));
                                    }
                                    // widen the window between taking the numbers and the commit
                                    TransactionSynchronizationManager.registerSynchronization(
                                            new TransactionSynchronization() {
                                                @Override
                                                public void beforeCommit(boolean readOnly) {
                                                    LockSupport.parkNanos(ThreadLocalRandom.current()
                                                            .nextLong(2_000_000));
                                                }
                                            });
                                    if (rollBack) {
                                        status.setRollbackOnly();
                                    }
                                });
                                if (!rollBack) {
                                    committed += events;
                                }
                            } catch (RuntimeException e) {
                                problems.add("transaction failed: " + e);
                            }
                        }
                        return committed;
                    },
                    pool));
        }
        int committed = 0;
        for (CompletableFuture<Integer> w : writers) {
            committed += w.get();
        }
        writing.set(false);
        reader.get();
        pool.shutdown();

        assertThat(problems).isEmpty();
        assertThat(eventLog.head(project)).isEqualTo(committed);
        assertThat(seen).hasSize(committed);
        assertThat(eventLog.after(project, 0, Long.MAX_VALUE, 100_000))
                .extracting(ProjectEvent::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, committed)
                        .boxed()
                        .toList());
    }

    @Test
    void anInnerTransactionCommitsOnlyItsOwnEventsAndAnOuterRollbackDropsOnlyItsOwn() {
        ProjectId project = new ProjectId(UUID.fromString(createProject(owner().api())));
        TaskId outerTask = new TaskId(UUID.randomUUID());
        TaskId innerTask = new TaskId(UUID.randomUUID());
        org.springframework.transaction.support.TransactionTemplate inner = tx();
        inner.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        tx().executeWithoutResult(outer -> {
            publisher.publishEvent(new TaskStatusChanged(project, outerTask, null, TaskStatus.PLANNING, Instant.now()));
            inner.executeWithoutResult(status -> publisher.publishEvent(
                    new TaskStatusChanged(project, innerTask, null, TaskStatus.PLANNING, Instant.now())));
            outer.setRollbackOnly();
        });

        List<ProjectEvent> stored = eventLog.after(project, 0, Long.MAX_VALUE, 10);
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst().data()).contains(innerTask.toString());
    }
}
