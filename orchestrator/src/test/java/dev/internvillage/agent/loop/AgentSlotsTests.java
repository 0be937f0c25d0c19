package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentSlotsTests {

    @Test
    void neverMoreHoldersThanSlotsUnderRealThreads() throws Exception {
        AgentSlots slots = new AgentSlots(3);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    assertThat(slots.acquire(() -> false)).isTrue();
                    most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    Thread.sleep(2);
                    holding.decrementAndGet();
                    slots.release();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(most.get()).isEqualTo(3);
        assertThat(holding.get()).isZero();
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        AgentSlots slots = new AgentSlots(1);
        assertThat(slots.acquire(() -> false)).isTrue();
        List<Integer> served = new CopyOnWriteArrayList<>();
        AtomicInteger queued = new AtomicInteger();
        List<Thread> waiters = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    queued.incrementAndGet();
                    slots.acquire(() -> false);
                    served.add(id);
                    slots.release();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            // the next waiter arrives only once this one is in line
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> queued.get() == id + 1 && waiters.get(id).getState() == Thread.State.WAITING);
        }
        slots.release();
        for (Thread waiter : waiters) {
            waiter.join();
        }
        assertThat(served).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aCancelledWaiterLeavesTheLineWithoutASlot() throws Exception {
        AgentSlots slots = new AgentSlots(1);
        slots.acquire(() -> false);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean got = new AtomicBoolean(true);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                got.set(slots.acquire(cancelled::get));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.WAITING);

        cancelled.set(true);
        slots.wakeAll();
        waiter.join(Duration.ofSeconds(5));

        assertThat(waiter.isAlive()).isFalse();
        assertThat(got).isFalse();
        slots.release();
        assertThat(slots.acquire(() -> false))
                .as("the slot was not consumed by the cancelled waiter")
                .isTrue();
    }
}
