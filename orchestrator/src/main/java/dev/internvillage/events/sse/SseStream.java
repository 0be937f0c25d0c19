package dev.internvillage.events.sse;

import dev.internvillage.events.hub.Subscriber;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The live part of one stream: it writes the bytes its {@link Subscriber} hands out to the {@link
 * StreamSocket}, and nothing else. There is no thread per stream: whoever queues an event (the
 * fan-out, a log tail, a timer) writes it straight to the socket if the socket can take it, and
 * otherwise leaves it queued for {@link #onWritePossible}. One drain runs at a time per stream (the
 * {@code wip} counter hands the work to whoever is already draining), so events go out in queue
 * order and the socket is never written from two threads at once. The socket tells the stream when
 * it can take more and, at once, when the client has gone.
 */
final class SseStream implements Subscriber.Drain, StreamSocket.Events {

    /** Backfill chunks one drain reads before it hands the rest to a continuation (keeps publishers quick). */
    private static final int BACKFILL_CHUNKS_PER_DRAIN = 4;

    private final Subscriber subscriber;
    private final StreamSocket socket;
    private final Executor continuations;
    private final Consumer<Subscriber> onEnd;
    private final AtomicInteger wip = new AtomicInteger();

    // only the drain touches these
    private int backfillChunks;
    private boolean yielded;

    private volatile boolean ended;
    private volatile @Nullable ScheduledFuture<?> heartbeat;
    private volatile @Nullable ScheduledFuture<?> timeout;

    /** {@code onEnd} is told once the stream has ended, on a thread of {@code continuations}. */
    SseStream(Subscriber subscriber, StreamSocket socket, Executor continuations, Consumer<Subscriber> onEnd) {
        this.subscriber = subscriber;
        this.socket = socket;
        this.continuations = continuations;
        this.onEnd = onEnd;
    }

    void timers(ScheduledFuture<?> heartbeat, ScheduledFuture<?> timeout) {
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        if (ended) {
            cancelTimers();
        }
    }

    @Override
    public void signal() {
        if (wip.getAndIncrement() != 0) {
            return; // the thread draining now sees the new work before it stops
        }
        int missed = 1;
        do {
            drain();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drain() {
        if (ended) {
            return;
        }
        backfillChunks = 0;
        yielded = false;
        try {
            while (true) {
                if (subscriber.isClosed()) {
                    end();
                    return;
                }
                if (!socket.drained()) {
                    return; // onWritePossible comes once the socket has drained
                }
                byte[] bytes = next();
                if (bytes == null) {
                    socket.flush();
                    if (subscriber.isFinished()) {
                        // its final event is out (the project was deleted): nothing more will come
                        end();
                    }
                    return;
                } else if (bytes.length > 0) {
                    socket.write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (or the container gave up on the response): end quietly
            subscriber.close("client gone");
            end();
        } finally {
            subscriber.countSent();
        }
    }

    /** The subscriber's next bytes; a long backfill is read a few chunks per drain, the rest later. */
    private byte @Nullable [] next() throws IOException {
        if (subscriber.backfilling()) {
            if (backfillChunks == BACKFILL_CHUNKS_PER_DRAIN) {
                if (!yielded) {
                    yielded = true;
                    continuations.execute(this::signal);
                }
                return null;
            }
            backfillChunks++;
        }
        return subscriber.take();
    }

    /** Ends the response; the end is announced on another thread (publishers hold tail locks). */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimers();
        subscriber.release();
        socket.close();
        continuations.execute(() -> onEnd.accept(subscriber));
    }

    private void cancelTimers() {
        ScheduledFuture<?> beat = heartbeat;
        ScheduledFuture<?> end = timeout;
        if (beat != null) {
            beat.cancel(false);
        }
        if (end != null) {
            end.cancel(false);
        }
    }

    @Override
    public void writable() {
        signal();
    }

    /** The client closed its side: it is gone, so the stream ends now rather than at its next write. */
    @Override
    public void clientGone() {
        subscriber.close("client gone");
    }
}
