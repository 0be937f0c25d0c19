package dev.internvillage.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.internvillage.auth.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentSlotsTests {

    private static final UserId ALICE = user();
    private static final UserId BOB = user();

    private static UserId user() {
        return new UserId(UUID.randomUUID());
    }

    @Test
    void neverMoreHoldersThanSlotsUnderRealThreads() throws Exception {
        AgentSlots slots = new AgentSlots(3, 3);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Started> threads = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            threads.add(Started.virtual(() -> {
                assertThat(slots.acquire(ALICE, () -> false)).isTrue();
                most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                Thread.sleep(2);
                holding.decrementAndGet();
                slots.release(ALICE);
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
        AgentSlots slots = new AgentSlots(1, 1);
        assertThat(slots.acquire(ALICE, () -> false)).isTrue();
        List<Integer> served = new CopyOnWriteArrayList<>();
        AtomicInteger queued = new AtomicInteger();
        List<Started> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            waiters.add(Started.virtual(() -> {
                queued.incrementAndGet();
                assertThat(slots.acquire(ALICE, () -> false)).isTrue();
                served.add(id);
                slots.release(ALICE);
                return null;
            }));
            // the next waiter arrives only once this one is in line
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> queued.get() == id + 1 && waiters.get(id).state() == Thread.State.WAITING);
        }
        slots.release(ALICE);
        for (Started waiter : waiters) {
            waiter.join();
        }
        assertThat(served).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aCancelledWaiterLeavesTheLineWithoutASlot() throws Exception {
        AgentSlots slots = new AgentSlots(1, 1);
        slots.acquire(ALICE, () -> false);
        AtomicBoolean cancelled = new AtomicBoolean();
        Started waiter = Started.virtual(() -> slots.acquire(ALICE, cancelled::get));
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.state() == Thread.State.WAITING);

        cancelled.set(true);
        slots.wakeAll();

        assertThat(waiter.join()).as("the cancelled waiter got no slot").isEqualTo(false);
        slots.release(ALICE);
        assertThat(slots.acquire(ALICE, () -> false))
                .as("the slot was not consumed by the cancelled waiter")
                .isTrue();
    }

    @Test
    void aUsersRunsBeyondTheCapWaitWhileSlotsAreFreeAndOthersPassThem() throws Exception {
        AgentSlots slots = new AgentSlots(4, 2);
        assertThat(slots.acquire(ALICE, () -> false)).isTrue();
        assertThat(slots.acquire(ALICE, () -> false)).isTrue();

        // alice's third agent waits although two slots are free
        AtomicBoolean thirdStarted = new AtomicBoolean();
        Started third = Started.virtual(() -> {
            boolean got = slots.acquire(ALICE, () -> false);
            thirdStarted.set(got);
            return got;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> third.state() == Thread.State.WAITING);

        // bob, behind her in line, gets both free slots at once
        Started bob = Started.virtual(() -> {
            boolean first = slots.acquire(BOB, () -> false);
            boolean second = slots.acquire(BOB, () -> false);
            return first && second;
        });
        assertThat(bob.join()).isEqualTo(true);
        // bob's acquiring wakes the waiters to look again: alice's third is briefly runnable, then waits
        // again (had it got a slot it would end, never wait)
        await().atMost(Duration.ofSeconds(5)).until(() -> third.state() == Thread.State.WAITING);
        assertThat(thirdStarted).as("alice's third still waits").isFalse();

        // a slot alice gives back is hers again at once; one bob gives back is not (she is at her cap)
        slots.release(BOB);
        await().during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(2))
                .until(() -> third.state() == Thread.State.WAITING);
        slots.release(ALICE);
        assertThat(third.join()).isEqualTo(true);
    }

    @Test
    void underRealThreadsNoUserHoldsMoreThanTheCapAndTheSlotsAreShared() throws Exception {
        int slotCount = 4;
        int cap = 2;
        AgentSlots slots = new AgentSlots(slotCount, cap);
        List<UserId> users = List.of(user(), user(), user());
        Map<UserId, AtomicInteger> holding = new ConcurrentHashMap<>();
        Map<UserId, AtomicInteger> mostPerUser = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        AtomicInteger mostTotal = new AtomicInteger();
        List<Started> threads = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            UserId owner = users.get(i % users.size());
            threads.add(Started.virtual(() -> {
                assertThat(slots.acquire(owner, () -> false)).isTrue();
                int mine =
                        holding.computeIfAbsent(owner, u -> new AtomicInteger()).incrementAndGet();
                mostPerUser.computeIfAbsent(owner, u -> new AtomicInteger()).accumulateAndGet(mine, Math::max);
                mostTotal.accumulateAndGet(total.incrementAndGet(), Math::max);
                Thread.sleep(2);
                total.decrementAndGet();
                holding.get(owner).decrementAndGet();
                slots.release(owner);
                return null;
            }));
        }
        for (Started thread : threads) {
            thread.join();
        }
        assertThat(mostTotal.get()).isLessThanOrEqualTo(slotCount).isGreaterThan(cap);
        assertThat(mostPerUser.values())
                .allSatisfy(most -> assertThat(most.get()).isBetween(1, cap));
        assertThat(total.get()).isZero();
    }

    @Test
    void aCancelledWaiterAtItsCapLeavesTheLine() throws Exception {
        AgentSlots slots = new AgentSlots(2, 1);
        assertThat(slots.acquire(ALICE, () -> false)).isTrue();
        AtomicBoolean cancelled = new AtomicBoolean();
        Started waiter = Started.virtual(() -> slots.acquire(ALICE, cancelled::get));
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.state() == Thread.State.WAITING);

        cancelled.set(true);
        slots.wakeAll();

        assertThat(waiter.join()).isEqualTo(false);
        assertThat(slots.acquire(BOB, () -> false))
                .as("the free slot is still free")
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
