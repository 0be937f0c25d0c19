package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentSlotsTests {

    @Test
    void neverMoreHoldersThanSlotsUnderRealThreads() throws Exception {
        AgentSlots slots = new AgentSlots(3);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Started> threads = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            threads.add(Started.virtual(() -> {
                assertThat(slots.acquire(() -> false)).isTrue();
                most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                Thread.sleep(2);
                holding.decrementAndGet();
                slots.release();
                return null;
            }));
        }
        for (Started thread : threads) {
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
        List<Started> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            waiters.add(Started.virtual(() -> {
                queued.incrementAndGet();
                assertThat(slots.acquire(() -> false)).isTrue();
                served.add(id);
                slots.release();
                return null;
            }));
            // the next waiter arrives only once this one is in line
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> queued.get() == id + 1 && waiters.get(id).state() == Thread.State.WAITING);
        }
        slots.release();
        for (Started waiter : waiters) {
            waiter.join();
        }
        assertThat(served).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aCancelledWaiterLeavesTheLineWithoutASlot() throws Exception {
        AgentSlots slots = new AgentSlots(1);
        slots.acquire(() -> false);
        AtomicBoolean cancelled = new AtomicBoolean();
        Started waiter = Started.virtual(() -> slots.acquire(cancelled::get));
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.state() == Thread.State.WAITING);

        cancelled.set(true);
        slots.wakeAll();

        assertThat(waiter.join()).as("the cancelled waiter got no slot").isEqualTo(false);
        slots.release();
        assertThat(slots.acquire(() -> false))
                .as("the slot was not consumed by the cancelled waiter")
                .isTrue();
    }

    /**
     * A virtual thread whose outcome the test thread collects: an assertion that fails (or anything
     * thrown) inside it is rethrown by {@link #join}, so it fails the test instead of dying with the
     * thread.
     */
    private record Started(Thread thread, FutureTask<?> outcome) {

        static Started virtual(Callable<?> body) {
            FutureTask<?> outcome = new FutureTask<>(body);
            return new Started(Thread.ofVirtual().start(outcome), outcome);
        }

        Thread.State state() {
            return thread.getState();
        }

        /** Waits for the thread and returns what its body returned, or throws what it threw. */
        Object join() throws Exception {
            try {
                return outcome.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw (Exception) e.getCause();
            }
        }
    }
}
