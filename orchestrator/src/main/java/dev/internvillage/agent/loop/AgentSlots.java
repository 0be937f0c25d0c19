package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentSettings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code AGENT_MAX_CONCURRENT} agent slots, handed out first come, first served. A waiter is
 * woken by a released slot or by {@link #wakeAll} (a cancellation), never by a timer.
 */
@Component
final class AgentSlots {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Object> waiting = new ArrayDeque<>();
    private int free;

    @Autowired
    AgentSlots(AgentSettings settings) {
        this(settings.maxConcurrent());
    }

    AgentSlots(int slots) {
        this.free = slots;
    }

    /**
     * Waits for a slot in arrival order.
     *
     * @return false, without a slot, once {@code cancelled} says so
     */
    boolean acquire(BooleanSupplier cancelled) throws InterruptedException {
        Object ticket = new Object();
        lock.lock();
        try {
            waiting.addLast(ticket);
            try {
                while (waiting.peekFirst() != ticket || free == 0) {
                    if (cancelled.getAsBoolean()) {
                        return false;
                    }
                    changed.await();
                }
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                free--;
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

    void release() {
        lock.lock();
        try {
            free++;
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
}
