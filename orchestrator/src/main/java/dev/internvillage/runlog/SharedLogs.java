package dev.internvillage.runlog;

import dev.internvillage.cluster.ClusterSignals;
import dev.internvillage.common.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Run logs readable on every instance that shares the database. The instance running an agent
 * writes the log file on its own disk and ships its complete lines to the database in chunks
 * ({@link LogShipper}), signalling each one on {@value #CHANNEL}. Another instance reads a log it
 * has no file of from a local copy of those chunks (the <em>mirror</em>, beside where the file would
 * be), kept up to date by the signals while someone follows the run; the local file wins where it
 * exists, as it has the same bytes. Alone with the embedded database ({@link ClusterSignals#shared}
 * false) nothing is shipped or mirrored and logs are the local files, as before.
 */
@Component
public class SharedLogs {

    /** The signal after each stored chunk; its payload is {@link Shipped#encode()}. */
    public static final String CHANNEL = "iv_logs";

    private static final Logger log = LoggerFactory.getLogger(SharedLogs.class);
    private static final String MIRROR_SUFFIX = ".shared";
    public static final String WINDOW_SETTING = "LOG_SHARE_WINDOW_MS";
    public static final int DEFAULT_WINDOW_MS = 25;

    private final RunLogChunks chunks;
    private final ClusterSignals signals;
    private final LogWriteSignal writeSignal;
    private final RunLogFormat format;
    private final long windowNanos;
    private final TransactionTemplate transaction;
    private final Map<UUID, Followed> followed = new ConcurrentHashMap<>();
    private final List<Consumer<Shipped>> shippedListeners = new CopyOnWriteArrayList<>();
    private final Object[] copyLocks = new Object[64];
    private final ExecutorService catchUps = Executors.newVirtualThreadPerTaskExecutor();

    SharedLogs(
            RunLogChunks chunks,
            ClusterSignals signals,
            LogWriteSignal writeSignal,
            RunLogFormat format,
            PlatformTransactionManager transactions,
            Settings settings) {
        this.windowNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                settings.integer(WINDOW_SETTING, DEFAULT_WINDOW_MS, 1, 60_000));
        this.chunks = chunks;
        this.signals = signals;
        this.writeSignal = writeSignal;
        this.format = format;
        this.transaction = new TransactionTemplate(transactions);
        for (int i = 0; i < copyLocks.length; i++) {
            copyLocks[i] = new Object();
        }
        signals.listen(CHANNEL, this::onSignal);
        signals.onGap(this::catchUpAllFollowed);
    }

    /** A chunk of run {@code run} of project {@code project} was stored; its log now has {@code lines} lines. */
    public record Shipped(UUID run, UUID project, int lines) {

        String encode() {
            return run + " " + project + " " + lines;
        }

        static @Nullable Shipped decode(String payload) {
            String[] parts = payload.split(" ");
            try {
                return new Shipped(UUID.fromString(parts[0]), UUID.fromString(parts[1]), Integer.parseInt(parts[2]));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Whether logs are shipped and mirrored (other instances may share the database). */
    public boolean shared() {
        return signals.shared();
    }

    /**
     * Opens run {@code run}'s log for its agent: the local file, first restored from the shared copy
     * when this instance lacks what another one wrote (a run continued here), and shipped while written.
     */
    public RunLogWriter open(UUID run, UUID project, Path file) {
        if (!signals.shared()) {
            return RunLogWriter.open(file, format, writeSignal);
        }
        RunLogChunks.Position position;
        try {
            position = chunks.position(run);
            if (position.bytes() > 0 && size(file) < position.bytes()) {
                synchronized (lockOf(run)) {
                    LogCopy.catchUp(chunks, run, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore log " + file, e);
        }
        LogShipper shipper = new LogShipper(
                run, file, position, format.maxLineBytes(), windowNanos, writeSignal, new LogShipper.Store() {
                    @Override
                    public boolean store(RunLogChunks.Chunk chunk, java.time.Instant now) {
                        return Boolean.TRUE.equals(transaction.execute(status -> {
                            if (!chunks.insert(run, chunk, now)) {
                                return false;
                            }
                            int last = chunk.firstLine() + chunk.lineCount() - 1;
                            signals.send(CHANNEL, new Shipped(run, project, last).encode());
                            return true;
                        }));
                    }

                    @Override
                    public RunLogChunks.Position position() {
                        return chunks.position(run);
                    }
                });
        return RunLogWriter.open(file, format, writeSignal, shipper::finish);
    }

    /**
     * The file to read run {@code run}'s log from now: the local file when it exists (or logs are
     * not shared), else the mirror brought up to date with the shared copy, else the local path
     * (which does not exist: the log is empty or gone).
     */
    public Path readable(UUID run, Path file) {
        if (!signals.shared() || Files.exists(file)) {
            return file;
        }
        Path mirror = mirrorOf(file);
        catchUp(run, file);
        return Files.exists(mirror) ? mirror : file;
    }

    /**
     * Follows run {@code run}'s log while the returned handle is open: its mirror is brought up to
     * date on every signal of a new chunk, firing the mirror's {@link LogWriteSignal}.
     */
    public Follow follow(UUID run, Path file) {
        if (!signals.shared()) {
            return new Follow(run, file, false);
        }
        followed.computeIfAbsent(run, r -> new Followed(file)).refs.incrementAndGet();
        Follow follow = new Follow(run, file, true);
        scheduleCatchUp(run);
        return follow;
    }

    /** Calls {@code listener} for every stored chunk of any instance; it must not block. */
    public void onShipped(Consumer<Shipped> listener) {
        shippedListeners.add(listener);
    }

    /** A follower's handle on one run's log. */
    public final class Follow implements AutoCloseable {

        private final UUID run;
        private final Path file;
        private final boolean shared;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Follow(UUID run, Path file, boolean shared) {
            this.run = run;
            this.file = file;
            this.shared = shared;
        }

        /** Where the log is now: the local file if it exists, else its mirror if that exists, else the local path. */
        public Path locate() {
            if (!shared || Files.exists(file)) {
                return file;
            }
            Path mirror = mirrorOf(file);
            return Files.exists(mirror) ? mirror : file;
        }

        /** The mirror's path, whose writes wake followers like the local file's. */
        public Path mirror() {
            return mirrorOf(file);
        }

        /**
         * Brings the mirror up to date now (the run ended: every chunk is stored, so what is read
         * after this is the whole log). Nothing to do for a local file.
         */
        public void catchUpNow() {
            if (shared) {
                catchUp(run, file);
            }
        }

        /** Whether the log may yet arrive from another instance while its file is missing here. */
        public boolean shared() {
            return shared;
        }

        @Override
        public void close() {
            if (!shared || !closed.compareAndSet(false, true)) {
                return;
            }
            followed.computeIfPresent(run, (r, f) -> f.refs.decrementAndGet() <= 0 ? null : f);
        }
    }

    private static final class Followed {

        final Path file;
        final AtomicInteger refs = new AtomicInteger();
        final AtomicBoolean scheduled = new AtomicBoolean();

        Followed(Path file) {
            this.file = file;
        }
    }

    private void onSignal(String payload) {
        Shipped shipped = Shipped.decode(payload);
        if (shipped == null) {
            log.warn("Ignoring a malformed {} signal: {}", CHANNEL, payload);
            return;
        }
        if (followed.containsKey(shipped.run())) {
            scheduleCatchUp(shipped.run());
        }
        for (Consumer<Shipped> listener : shippedListeners) {
            try {
                listener.accept(shipped);
            } catch (RuntimeException e) {
                log.warn("A listener of {} failed", CHANNEL, e);
            }
        }
    }

    private void catchUpAllFollowed() {
        followed.keySet().forEach(this::scheduleCatchUp);
    }

    /** One catch-up at a time per run; signals that come meanwhile are covered by one more. */
    private void scheduleCatchUp(UUID run) {
        Followed entry = followed.get(run);
        if (entry == null || !entry.scheduled.compareAndSet(false, true)) {
            return;
        }
        catchUps.execute(() -> {
            entry.scheduled.set(false);
            catchUp(run, entry.file);
        });
    }

    /** Appends the chunks the mirror of {@code file} lacks, unless the local file exists. */
    private void catchUp(UUID run, Path file) {
        if (Files.exists(file)) {
            return;
        }
        Path mirror = mirrorOf(file);
        long added;
        try {
            synchronized (lockOf(run)) {
                added = LogCopy.catchUp(chunks, run, mirror);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot copy the shared log of run {}: {}", run, e.getMessage());
            return;
        }
        if (added > 0) {
            writeSignal.written(mirror);
        }
    }

    private Object lockOf(UUID run) {
        return copyLocks[Math.floorMod(run.hashCode(), copyLocks.length)];
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        catchUps.shutdownNow();
    }

    private static Path mirrorOf(Path file) {
        return file.resolveSibling(file.getFileName() + MIRROR_SUFFIX);
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }
}
