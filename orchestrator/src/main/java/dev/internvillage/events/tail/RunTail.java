package dev.internvillage.events.tail;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.RunStatus;
import dev.internvillage.events.EventMetrics;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.events.hub.Outgoing;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.runlog.LogIndexes;
import dev.internvillage.runlog.LogLineSplitter;
import dev.internvillage.runlog.LogWriteSignal;
import dev.internvillage.runlog.RunLogFormat;
import dev.internvillage.runlog.SharedLogs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows one run's log file for everyone who subscribed to it. It wakes on the executor's write
 * signal ({@link LogWriteSignal}) and polls as a fall-back for files written by other processes; each
 * new line is numbered, encoded once and queued for every subscriber. It stops at the sentinel line
 * or when the run ends (after reading what is left, an unterminated last line included). A run
 * another instance runs is followed in the local copy of its shared log ({@link SharedLogs.Follow}),
 * which wakes it the same way.
 */
final class RunTail {

    private static final Logger log = LoggerFactory.getLogger(RunTail.class);
    private static final long MISSING_FILE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long STATUS_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    final AgentRun run;
    private final Path file;
    private final SharedLogs.Follow shared;
    private final JsonMapper json;
    private final LogIndexes indexes;
    private final int maxLineBytes;
    private final EventMetrics metrics;
    private final long pollNanos;
    private final BooleanSupplier stillActive;
    private final LogLineSplitter splitter;
    private final List<String> newLines = new ArrayList<>();
    // off the heap: it lives as long as the run, so young collections would copy it again and again
    // while the run is new, and a file read into a direct buffer needs no extra copy
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();

    // guarded by this
    private @Nullable FileChannel channel;
    private Path opened;
    private boolean caughtUpAtEnd;
    private long offset;
    private int emitted;
    private boolean initialized;
    private boolean finished;
    private boolean missingReported;
    private boolean runEnded;
    private boolean running;
    private long missingSince;

    private volatile boolean stopped;
    private volatile boolean signalled;
    private volatile long signalledAt;
    private volatile @Nullable Thread thread;
    private LogWriteSignal.@Nullable Registration activity;
    private LogWriteSignal.@Nullable Registration mirrorActivity;

    RunTail(
            AgentRun run,
            Path file,
            SharedLogs.Follow shared,
            int maxLineBytes,
            long pollNanos,
            JsonMapper json,
            LogIndexes indexes,
            EventMetrics metrics,
            BooleanSupplier stillActive) {
        this.run = run;
        this.file = file;
        this.shared = shared;
        this.opened = file;
        this.json = json;
        this.indexes = indexes;
        this.maxLineBytes = maxLineBytes;
        this.metrics = metrics;
        this.pollNanos = pollNanos;
        this.stillActive = stillActive;
        this.splitter = new LogLineSplitter(maxLineBytes, newLines::add);
        this.runEnded = !run.status().isActive();
        this.running = run.status() == RunStatus.RUNNING;
        this.missingSince = System.nanoTime();
    }

    RunId runId() {
        return run.id();
    }

    Path file() {
        return file;
    }

    /** Starts the follower thread, woken by {@code activity} for this run. */
    void start(LogWriteSignal logActivity) {
        activity = logActivity.onWrite(file, this::wake);
        if (shared.shared()) {
            mirrorActivity = logActivity.onWrite(shared.mirror(), this::wake);
        }
        Thread t = Thread.ofVirtual().name("log-tail-" + run.id()).unstarted(this::follow);
        thread = t;
        metrics.activeTails.incrementAndGet();
        t.start();
    }

    /**
     * Adds a subscriber from line {@code fromLine} (0: only lines written from now on). Lines before
     * the tail's position are read from the file by the subscriber's own writer, later ones are queued
     * here, so there is neither a gap nor a duplicate at the seam.
     */
    synchronized void register(Subscriber connection, int fromLine) {
        if (!initialized) {
            readNew(false);
        }
        if (missingReported) {
            connection.offer(missingFileError());
            return;
        }
        if (channel == null && runEnded) {
            missingReported = true;
            finished = true;
            connection.offer(missingFileError());
            return;
        }
        int liveFrom = emitted + 1;
        int from = fromLine == 0 ? liveFrom : fromLine;
        int backfillTo = liveFrom - 1;
        Path source = opened;
        connection.offer(new Outgoing.Subscribed(
                run.id(),
                from,
                backfillTo,
                () -> Backfill.open(run.id(), source, from, backfillTo, indexes, maxLineBytes, json)));
        if (!finished) {
            subscribers.add(connection);
        }
    }

    synchronized void unregister(Subscriber connection) {
        subscribers.remove(connection);
    }

    /** The run started: its log file exists now. */
    synchronized void started() {
        running = true;
        missingSince = System.nanoTime();
        wake();
    }

    /** The run ended: read what is left, then stop. */
    void ended() {
        synchronized (this) {
            runEnded = true;
        }
        wake();
    }

    void wake() {
        signalledAt = System.nanoTime();
        signalled = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void stop() {
        stopped = true;
        wake();
    }

    private void follow() {
        long nextStatusCheck = System.nanoTime() + STATUS_CHECK_NANOS;
        try {
            while (!stopped) {
                long woke = signalled ? signalledAt : System.nanoTime();
                signalled = false;
                int lines;
                synchronized (this) {
                    lines = readNew(true);
                    if (finished) {
                        break;
                    }
                }
                if (lines > 0) {
                    metrics.tailLatency.record(System.nanoTime() - woke, TimeUnit.NANOSECONDS);
                }
                if (System.nanoTime() >= nextStatusCheck) {
                    // the run-ended event is the normal way to learn of the end; this covers a run that
                    // ended without one (e.g. recovery after a restart)
                    nextStatusCheck = System.nanoTime() + STATUS_CHECK_NANOS;
                    if (!stillActive.getAsBoolean()) {
                        synchronized (this) {
                            runEnded = true;
                        }
                        continue;
                    }
                }
                if (!signalled) {
                    LockSupport.parkNanos(this, pollNanos);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Log tail of run {} failed", run.id(), e);
        } finally {
            close();
        }
    }

    /** Reads new bytes and queues new lines; returns how many lines were new. Holds this. */
    private int readNew(boolean emit) {
        initialized = true;
        if (finished) {
            return 0;
        }
        if (runEnded && !caughtUpAtEnd) {
            // every chunk of a run that ended is stored: a copy brought up to date now is the whole log
            caughtUpAtEnd = true;
            shared.catchUpNow();
        }
        if (channel == null && !open()) {
            return 0;
        }
        FileChannel ch = channel;
        try {
            int n;
            while ((n = ch.read(buffer.clear(), offset)) > 0) {
                offset += n;
                splitter.feed(buffer.flip());
            }
        } catch (IOException e) {
            log.warn("Cannot read the log of run {}: {}", run.id(), e.getMessage());
            return 0;
        }
        if (runEnded) {
            splitter.finish();
            finished = true;
        }
        int count = newLines.size();
        boolean deliver = emit && !subscribers.isEmpty();
        List<Outgoing.Line> batch = new ArrayList<>(deliver ? count : 0);
        for (String line : newLines) {
            emitted++;
            if (deliver) {
                batch.add(new Outgoing.Line(run.id(), emitted, frame(json, run.id(), line, emitted)));
            }
            if (RunLogFormat.isSentinel(line)) {
                finished = true;
                break;
            }
        }
        newLines.clear();
        if (!batch.isEmpty()) {
            // each subscriber gets the lines read together in one write
            subscribers.forEach(subscriber -> subscriber.offerAll(batch));
        }
        if (finished) {
            subscribers.clear();
        }
        return count;
    }

    private boolean open() {
        Path location = shared.locate();
        try {
            channel = FileChannel.open(location, StandardOpenOption.READ);
            opened = location;
            return true;
        } catch (NoSuchFileException e) {
            // a log shared by another instance may start late; only the run's end says it has none
            boolean overdue =
                    running && !shared.shared() && System.nanoTime() - missingSince > MISSING_FILE_GRACE_NANOS;
            if (runEnded || overdue) {
                missingReported = true;
                finished = true;
                Outgoing error = missingFileError();
                subscribers.forEach(s -> s.offer(error));
                subscribers.clear();
            }
            return false;
        } catch (IOException e) {
            log.warn("Cannot open the log of run {}: {}", run.id(), e.getMessage());
            return false;
        }
    }

    private Outgoing missingFileError() {
        return new Outgoing.Error(json.writeValueAsString(new EventPayloads.Error(
                "LOG_FILE_NOT_FOUND",
                "the log file of run " + run.id() + " does not exist",
                run.id().value(),
                null)));
    }

    /** The {@code agent:log} frame of line {@code number} of {@code run}: the same live and in a backfill. */
    static byte[] frame(JsonMapper json, RunId run, String line, int number) {
        return Outgoing.encodeWithoutId(
                EventPayloads.AGENT_LOG,
                json.writeValueAsString(
                        new EventPayloads.AgentLog(run.value(), line, number, RunLogFormat.timestamp(line))));
    }

    private synchronized void close() {
        finished = true;
        subscribers.clear();
        if (activity != null) {
            activity.close();
        }
        if (mirrorActivity != null) {
            mirrorActivity.close();
        }
        shared.close();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        metrics.activeTails.decrementAndGet();
    }
}
