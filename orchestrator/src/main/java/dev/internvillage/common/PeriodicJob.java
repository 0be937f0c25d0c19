package dev.internvillage.common;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A background job at a fixed delay on one daemon thread of its own, started and stopped by the
 * component's lifecycle. The job must catch its own failures: one that escapes ends the schedule.
 */
public final class PeriodicJob {

    private final String threadName;
    private @Nullable ScheduledExecutorService scheduler;

    public PeriodicJob(String threadName) {
        this.threadName = threadName;
    }

    /** Runs {@code job} after {@code initialDelay}, then {@code interval} after each run ends. */
    public synchronized void start(Duration initialDelay, Duration interval, Runnable job) {
        if (scheduler != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(threadName).factory());
        started.scheduleWithFixedDelay(job, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = started;
    }

    /** Runs {@code task} once, soon, on the job's thread; nothing while the job is stopped. */
    public synchronized void runSoon(Runnable task) {
        if (scheduler != null) {
            scheduler.execute(task);
        }
    }

    /** Stops the schedule and interrupts a run under way. */
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
