package dev.internvillage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.auth.UserId;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.hub.Outgoing;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.events.log.EventLog;
import dev.internvillage.events.log.EventScope;
import dev.internvillage.project.ProjectId;
import dev.internvillage.task.TaskId;
import dev.internvillage.task.TaskStatus;
import dev.internvillage.task.TaskStatusChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Above {@code PARALLEL_FAN_OUT_FROM} streams a project's events are fanned out by one thread per
 * core, each over its own share of the streams, from a copy of the membership that is rebuilt when
 * streams come and go. Streams joining and leaving while events flow must not make any stream miss
 * or repeat one. (The hub's connections here are drained by the test instead of a socket; the
 * socket path is covered by the stream API tests.)
 */
class FanOutShardsTests extends EventsTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    EventHub hub;

    @Autowired
    EventLog eventLog;

    /** The seqs of the status events a connection was handed, in order. */
    private static List<Long> collect(Subscriber connection) {
        List<Long> seqs = new CopyOnWriteArrayList<>();
        connection.attach(
                () -> {
                    synchronized (seqs) { // one drain at a time, as SseStream's wip counter ensures
                        for (Outgoing item = connection.poll(); item != null; item = connection.poll()) {
                            if (item instanceof Outgoing.Status status) {
                                seqs.add(status.seq());
                            }
                        }
                    }
                },
                0);
        return seqs;
    }

    /** What a stream that started from {@code head} sends of {@code seqs}: its cursor drops the rest. */
    private static List<Long> live(List<Long> seqs, long head) {
        return seqs.stream().filter(s -> s > head).toList();
    }

    @Test
    void streamsJoiningAndLeavingDuringAParallelFanOutMissAndRepeatNothing() throws Exception {
        // GIVEN 400 streams on one project, more than one fan-out thread's worth
        Owner owner = owner();
        ProjectId project = new ProjectId(UUID.fromString(createProject(owner.api())));
        TaskId task = task(owner.api(), project.value().toString());
        Map<Subscriber, List<Long>> stayers = new ConcurrentHashMap<>();
        List<Subscriber> leavers = new ArrayList<>();
        long start = eventLog.head(project);
        for (int i = 0; i < 400; i++) {
            Subscriber c = hub.open(new UserId(UUID.randomUUID()), new EventScope.Project(project));
            List<Long> seqs = collect(c);
            if (i % 8 == 0) {
                leavers.add(c);
            } else {
                stayers.put(c, seqs);
            }
        }

        // WHEN 300 status changes are committed while 50 streams leave and 50 new ones join
        Map<Subscriber, List<Long>> joiners = new ConcurrentHashMap<>();
        Map<Subscriber, Long> joinedAt = new ConcurrentHashMap<>();
        CountDownLatch halfway = new CountDownLatch(1);
        Thread churn = Thread.ofPlatform().start(() -> {
            try {
                halfway.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < 50; i++) {
                hub.closed(leavers.get(i));
                Subscriber c = hub.open(new UserId(UUID.randomUUID()), new EventScope.Project(project));
                joiners.put(c, collect(c));
                // what the stream endpoint does: the live part starts after the head read on joining
                joinedAt.put(c, eventLog.head(project));
            }
        });
        for (int i = 0; i < 300; i++) {
            publisher.publishEvent(
                    new TaskStatusChanged(project, task, TaskStatus.PLANNING, TaskStatus.ACTIVE, Instant.now()));
            if (i == 100) {
                halfway.countDown();
            }
        }
        churn.join();
        long end = eventLog.head(project);

        // THEN every stream that stayed got every event, once, in order
        List<Long> all = LongStream.rangeClosed(start + 1, end).boxed().toList();
        assertThat(all).hasSize(300);
        await().atMost(WAIT).until(() -> stayers.values().stream().allMatch(s -> s.size() >= all.size()));
        stayers.values().forEach(seqs -> assertThat(seqs).containsExactlyElementsOf(all));
        // AND every stream that joined got everything after the head it started from, once, in order
        assertThat(joiners).hasSize(50);
        await().atMost(WAIT)
                .until(() -> joiners.entrySet().stream()
                        .allMatch(e ->
                                live(e.getValue(), joinedAt.get(e.getKey())).size() >= end - joinedAt.get(e.getKey())));
        joiners.forEach((c, seqs) -> assertThat(live(seqs, joinedAt.get(c)))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(joinedAt.get(c) + 1, end).boxed().toList()));
        stayers.keySet().forEach(hub::closed);
        joiners.keySet().forEach(hub::closed);
    }
}
