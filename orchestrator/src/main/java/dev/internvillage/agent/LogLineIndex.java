package dev.internvillage.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where every {@value #STRIDE}th line of a log file starts, so reading page {@code n} of a
 * million-line log seeks near it instead of scanning from the first byte. Built once per file and
 * extended from where it stopped when the file grows (logs are append-only), so following a
 * running log costs only the new bytes. Lines end the way {@link LogFileReader} and the event
 * stream number them: {@code \n}, {@code \r} or {@code \r\n}. Memory: one {@code long} per
 * {@value #STRIDE} lines.
 */
final class LogLineIndex {

    static final int STRIDE = 1024;
    private static final byte[] SENTINEL = LogFileReader.SENTINEL.getBytes(StandardCharsets.US_ASCII);

    /** Line {@code lineNumber} starts at byte {@code offset}. */
    record SeekPoint(long offset, int lineNumber) {}

    /** A consistent view: lines counted (an unterminated last line counts) and the last line's kind. */
    record Snapshot(int lineCount, boolean sentinelSeen) {}

    private final Object fileKey;
    /** {@code starts[k]} is the byte offset of line {@code k * STRIDE + 1}. */
    private long[] starts = {0};

    private int knownStarts = 1;

    private long scanned;
    private int completeLines;
    private boolean skipLf;
    private boolean partial;
    private boolean lastCompleteIsSentinel;
    /** A ring of the current line's last bytes, enough to recognise the sentinel at its end. */
    private final byte[] recent = new byte[SENTINEL.length];

    private int recentNext;
    private int recentLength;

    LogLineIndex(Object fileKey) {
        this.fileKey = fileKey;
    }

    /** Whether this index describes the file with {@code key} of {@code size} bytes. */
    synchronized boolean fits(Object key, long size) {
        return fileKey.equals(key) && size >= scanned;
    }

    /** Reads the bytes appended since the last call and returns the counts as of now. */
    synchronized Snapshot refresh(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            int read;
            while ((read = channel.read(buffer, scanned)) > 0) {
                scan(buffer.array(), read, scanned);
                scanned += read;
                buffer.clear();
            }
        }
        int count = completeLines + (partial ? 1 : 0);
        return new Snapshot(count, partial ? recentIsSentinel() : lastCompleteIsSentinel);
    }

    /**
     * The byte offset of the indexed line at or before {@code lineNumber} (1-based), and that
     * line's number; call after {@link #refresh}.
     */
    synchronized SeekPoint seekPoint(int lineNumber) {
        int k = Math.min((lineNumber - 1) / STRIDE, knownStarts - 1);
        return new SeekPoint(starts[k], k * STRIDE + 1);
    }

    private void scan(byte[] bytes, int length, long base) {
        for (int i = 0; i < length; i++) {
            long offset = base + i;
            byte b = bytes[i];
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    recordStart(offset + 1);
                    continue;
                }
                recordStart(offset);
            }
            if (b == '\n' || b == '\r') {
                lastCompleteIsSentinel = recentIsSentinel();
                completeLines++;
                partial = false;
                recentLength = 0;
                if (b == '\r') {
                    // the next line starts after an optional \n we have not seen yet
                    skipLf = true;
                } else {
                    recordStart(offset + 1);
                }
            } else {
                partial = true;
                remember(b);
            }
        }
    }

    /** Called with the offset where line {@code completeLines + 1} starts. */
    private void recordStart(long offset) {
        if (completeLines % STRIDE != 0) {
            return;
        }
        int k = completeLines / STRIDE;
        if (k == starts.length) {
            starts = Arrays.copyOf(starts, starts.length * 2);
        }
        starts[k] = offset;
        knownStarts = k + 1;
    }

    private void remember(byte b) {
        recent[recentNext] = b;
        recentNext = (recentNext + 1) % recent.length;
        recentLength = Math.min(recent.length, recentLength + 1);
    }

    private boolean recentIsSentinel() {
        if (recentLength < recent.length) {
            return false;
        }
        for (int i = 0; i < recent.length; i++) {
            if (recent[(recentNext + i) % recent.length] != SENTINEL[i]) {
                return false;
            }
        }
        return true;
    }
}
