package dev.internvillage.events.sse;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads that many callers ask for at once, by key, made once for all of them. A caller never gets a
 * value read before it asked: it joins the next read of its key, which starts once the read in
 * progress (if any) is done, and that next read then answers everyone who joined it. So a reconnect
 * storm of thousands of streams of one project costs a few reads per key instead of one per stream,
 * and every answer is as fresh as a read of its own would have been: nothing is cached, so there is
 * nothing to invalidate (a project deleted, or an event committed, before a caller asked is seen).
 */
final class FreshReads<K, V> {

    private final Function<K, V> read;
    private final Map<K, Slot<V>> slots = new ConcurrentHashMap<>();

    /** The read in progress for a key, if any, and the next one, which callers join meanwhile. */
    private static final class Slot<V> {
        boolean reading; // guarded by this
        CompletableFuture<V> next; // guarded by this: callers waiting for a read that has not started
    }

    FreshReads(Function<K, V> read) {
        this.read = read;
    }

    /** The value of {@code key}, read after this call began; a failed read's exception is rethrown. */
    V get(K key) {
        Slot<V> slot = slots.computeIfAbsent(key, k -> new Slot<>());
        CompletableFuture<V> result;
        boolean lead = false;
        synchronized (slot) {
            if (slot.next == null) {
                slot.next = new CompletableFuture<>();
            }
            result = slot.next;
            if (!slot.reading) {
                slot.reading = true;
                slot.next = null;
                lead = true;
            }
        }
        if (lead) {
            readFor(key, slot, result);
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Reads for everyone who joined {@code round}; then starts the round that gathered meanwhile, if any. */
    private void readFor(K key, Slot<V> slot, CompletableFuture<V> round) {
        try {
            round.complete(read.apply(key));
        } catch (RuntimeException e) {
            round.completeExceptionally(e);
        }
        CompletableFuture<V> following;
        synchronized (slot) {
            following = slot.next;
            slot.next = null;
            if (following == null) {
                slot.reading = false;
                slots.remove(key, slot);
                return;
            }
        }
        // on another thread, so this caller is not kept waiting by reads that were not its own
        Thread.ofVirtual().name("fresh-read").start(() -> readFor(key, slot, following));
    }
}
