package dev.internvillage.runlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships one run's log to the shared copy while the agent runs, on a thread of its own: it follows
 * the log file the writer appends to (woken by the file's {@link LogWriteSignal}), and stores the
 * complete lines that came since the last chunk as the next chunk once they reach {@link
 * #MAX_CHUNK_BYTES} or have waited the chunk window ({@code LOG_SHARE_WINDOW_MS}). The file is the buffer: the agent never
 * waits for the database, and a slow database makes the copy lag, never lose lines or grow the heap.
 * {@link #finish} ships what is left and waits for it, so the copy is whole before the run's outcome
 * is recorded.
 */
final class LogShipper {

    private static final Logger log = LoggerFactory.getLogger(LogShipper.class);

    static final int MAX_CHUNK_BYTES = 64 * 1024;
    /** How long the shipper sleeps with nothing pending when no write wakes it. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FINISH_TIMEOUT_MILLIS = 30_000;

    /** Where chunks go. */
    interface Store {

        /** Stores a chunk and signals it, in one transaction; false if it does not follow the stored ones. */
        boolean store(RunLogChunks.Chunk chunk, Instant now);

        /** How far the stored chunks reach. */
        RunLogChunks.Position position();
    }

    private final UUID run;
    private final Path file;
    private final Store store;
    private final int maxLineBytes;
    private final long windowNanos;
    private final LogWriteSignal.Registration registration;
    private final Thread thread;

    private int chunkNo;
    private int nextLine;
    private long shipped;
    private long pendingSince;
    private @Nullable FileChannel channel;
    private byte[] buffer = new byte[MAX_CHUNK_BYTES];

    private volatile boolean finishing;
    /** Whether the stored chunks may differ from what this shipper believes it stored. */
    private boolean unsure;

    LogShipper(
            UUID run,
            Path file,
            RunLogChunks.Position from,
            int maxLineBytes,
            long windowNanos,
            LogWriteSignal signal,
            Store store) {
        this.windowNanos = windowNanos;
        this.run = run;
        this.file = file;
        this.store = store;
        this.maxLineBytes = maxLineBytes;
        this.chunkNo = from.chunks();
        this.nextLine = from.lines() + 1;
        this.shipped = from.bytes();
        this.thread = Thread.ofVirtual().name("log-ship-" + run).unstarted(this::ship);
        this.registration = signal.onWrite(file, () -> LockSupport.unpark(thread));
        thread.start();
    }

    /** The run's writer closed the file: ship the rest and wait until it is stored (or given up on). */
    void finish() {
        finishing = true;
        LockSupport.unpark(thread);
        try {
            if (!thread.join(java.time.Duration.ofMillis(FINISH_TIMEOUT_MILLIS))) {
                log.warn("The shared log of run {} is incomplete: the database took too long", run);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            registration.close();
        }
    }

    private void ship() {
        try {
            while (true) {
                boolean last = finishing; // read first: what the writer wrote before closing is in the file now
                long waitNanos = shipReady(last);
                if (last && waitNanos < 0) {
                    return;
                }
                LockSupport.parkNanos(this, waitNanos < 0 ? IDLE_NANOS : waitNanos);
            }
        } finally {
            closeChannel();
        }
    }

    /**
     * Ships every chunk that is due; returns how long to wait for the next one to become due, or -1
     * when nothing is pending (or, when {@code last}, everything is shipped or cannot be).
     */
    private long shipReady(boolean last) {
        long started = System.nanoTime();
        while (true) {
            long size;
            try {
                size = size();
            } catch (IOException e) {
                log.warn("Cannot read the log of run {} to share it: {}", run, e.getMessage());
                return last ? -1 : RETRY_NANOS;
            }
            long pending = size - shipped;
            if (pending <= 0) {
                pendingSince = 0;
                return -1;
            }
            long now = System.nanoTime();
            if (pendingSince == 0) {
                pendingSince = now;
            }
            long due = pendingSince + windowNanos;
            if (!last && pending < MAX_CHUNK_BYTES && now < due) {
                return due - now;
            }
            try {
                if (unsure) {
                    resume(store.position());
                    unsure = false;
                    continue;
                }
                if (!shipOne(last)) {
                    return last ? -1 : windowNanos; // only an unfinished line is pending
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Cannot store the shared log of run {}: {}", run, e.getMessage());
                unsure = true;
                if (last && System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(FINISH_TIMEOUT_MILLIS)) {
                    return -1;
                }
                LockSupport.parkNanos(this, RETRY_NANOS);
            }
        }
    }

    /** Stores the next chunk: complete lines from where the last one ended; false if there are none. */
    private boolean shipOne(boolean last) throws IOException {
        int length = read(MAX_CHUNK_BYTES);
        int end = lastLineEnd(length);
        if (end < 0 && length == buffer.length) {
            // one line longer than a chunk: it goes whole into a chunk of its own
            length = read(maxLineBytes + MAX_CHUNK_BYTES);
            end = lastLineEnd(length);
        }
        int take = end >= 0 ? end + 1 : last ? length : 0;
        if (take == 0) {
            return false;
        }
        byte[] body = Arrays.copyOf(buffer, take);
        int lines = 0;
        for (byte b : body) {
            if (b == '\n') {
                lines++;
            }
        }
        if (body[take - 1] != '\n') {
            lines++; // the unterminated last line of a finished log counts, as readers count it
        }
        RunLogChunks.Chunk chunk = new RunLogChunks.Chunk(chunkNo + 1, nextLine, lines, shipped, body);
        if (!store.store(chunk, Instant.now())) {
            log.warn("The shared log of run {} lost its chunks after byte {}: shipping them again", run, shipped);
            unsure = true;
            return true;
        }
        chunkNo++;
        nextLine += lines;
        shipped += take;
        pendingSince = 0;
        return true;
    }

    /** Goes on from where the stored chunks end. */
    private void resume(RunLogChunks.Position position) {
        chunkNo = position.chunks();
        nextLine = position.lines() + 1;
        shipped = position.bytes();
        pendingSince = 0;
    }

    /** Reads up to {@code max} bytes from where the copy ends into the buffer; returns how many. */
    private int read(int max) throws IOException {
        if (buffer.length < max) {
            buffer = Arrays.copyOf(buffer, max);
        }
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, max);
        FileChannel ch = channel();
        while (target.hasRemaining()) {
            if (ch.read(target, shipped + target.position()) <= 0) {
                break;
            }
        }
        if (buffer.length > MAX_CHUNK_BYTES && target.position() <= MAX_CHUNK_BYTES) {
            buffer = Arrays.copyOf(buffer, MAX_CHUNK_BYTES); // give back the memory of a huge line
        }
        return target.position();
    }

    private int lastLineEnd(int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private long size() throws IOException {
        try {
            return channel().size();
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private FileChannel channel() throws IOException {
        FileChannel ch = channel;
        if (ch == null) {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            channel = ch;
        }
        return ch;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
