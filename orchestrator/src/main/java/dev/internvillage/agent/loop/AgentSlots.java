package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.auth.UserId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code AGENT_MAX_CONCURRENT} agent slots, of which one user holds at most {@code
 * AGENT_MAX_CONCURRENT_PER_USER}. Slots go first come, first served among the waiters that may take
 * one: a waiter whose user is at the cap waits (its run stays QUEUED) even while slots are free, and
 * lets those behind it pass, so one user's backlog never blocks another user. A waiter is woken by
 * a released slot or by {@link #wakeAll} (a cancellation), never by a timer.
 */
@Component
final class AgentSlots {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Ticket> waiting = new ArrayDeque<>();
    private final Map<UserId, Integer> held = new HashMap<>();
    private final int perUser;
    private int free;

    /** One waiter's place in line; identity matters, two waiters of one user are two tickets. */
    private static final class Ticket {
        final UserId user;

        Ticket(UserId user) {
            this.user = user;
        }
    }

    @Autowired
    AgentSlots(AgentSettings settings) {
        this(settings.maxConcurrent(), settings.maxConcurrentPerUser());
    }

    AgentSlots(int slots, int perUser) {
        this.free = slots;
        this.perUser = perUser;
    }

    /**
     * Waits for a slot for one of {@code user}'s agents, in arrival order among the waiters that may
     * take one.
     *
     * @return false, without a slot, once {@code cancelled} says so
     */
    boolean acquire(UserId user, BooleanSupplier cancelled) throws InterruptedException {
        Ticket ticket = new Ticket(user);
        lock.lock();
        try {
            waiting.addLast(ticket);
            try {
                while (!mayTakeASlot(ticket)) {
                    if (cancelled.getAsBoolean()) {
                        return false;
                    }
                    changed.await();
                }
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                free--;
                held.merge(user, 1, Integer::sum);
                return true;
            } finally {
                waiting.remove(ticket);
                // the next in line may now be first
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a slot {@code user} holds. */
    void release(UserId user) {
        lock.lock();
        try {
            free++;
            held.computeIfPresent(user, (u, count) -> count == 1 ? null : count - 1);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter so a cancelled one can leave the line. */
    void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A slot is free, the ticket's user is under the cap, and nobody ahead in line could take it. */
    private boolean mayTakeASlot(Ticket ticket) {
        if (free == 0) {
            return false;
        }
        for (Ticket ahead : waiting) {
            if (ahead == ticket) {
                return underCap(ticket.user);
            }
            if (underCap(ahead.user)) {
                return false;
            }
        }
        return false;
    }

    private boolean underCap(UserId user) {
        return held.getOrDefault(user, 0) < perUser;
    }
}
