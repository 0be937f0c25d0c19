package dev.internvillage.runlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where every {@value #STRIDE}th line of a log file starts, so reading page {@code n} of a
 * million-line log seeks near it instead of scanning from the first byte. Built once per file and
 * extended from where it stopped when the file grows (logs are append-only), so following a
 * running log costs only the new bytes. Lines end by the format's reading rule ({@link
 * RunLogFormat.LineEnds}), the one the reader and the event stream number them by. Memory: one
 * {@code long} per {@value #STRIDE} lines.
 */
final class LogLineIndex {

    static final int STRIDE = 1024;
    private static final byte[] SENTINEL = RunLogFormat.SENTINEL_BYTES;

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
    private final RunLogFormat.LineEnds ends = new RunLogFormat.LineEnds();
    private boolean partial;
    private boolean lastCompleteIsSentinel;
    /** The last bytes of an unfinished line from earlier chunks, enough to recognise the sentinel. */
    private final byte[] carried = new byte[SENTINEL.length];

    private int carriedLength;

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
        return new Snapshot(count, partial ? endsWithSentinel(carried, 0, 0) : lastCompleteIsSentinel);
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
        int lineStart = 0; // where the current line's bytes in this chunk begin; earlier ones are carried
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            // after a \r the next line starts here, or after this byte if it is the \n of a \r\n
            boolean startUnknown = ends.afterCarriageReturn();
            RunLogFormat.LineEnds.Kind kind = ends.next(b);
            if (kind == RunLogFormat.LineEnds.Kind.SECOND_HALF) {
                recordStart(base + i + 1);
                lineStart = i + 1;
                continue;
            }
            if (startUnknown) {
                recordStart(base + i);
            }
            if (kind == RunLogFormat.LineEnds.Kind.END) {
                lastCompleteIsSentinel = endsWithSentinel(bytes, lineStart, i);
                completeLines++;
                partial = false;
                carriedLength = 0;
                lineStart = i + 1;
                if (!ends.afterCarriageReturn()) {
                    recordStart(base + i + 1);
                } // else the start is known with the next byte
            } else {
                partial = true;
            }
        }
        carry(bytes, lineStart, length);
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

    /** Whether the line made of the carried bytes and {@code bytes[from, to)} ends with the sentinel. */
    private boolean endsWithSentinel(byte[] bytes, int from, int to) {
        int length = carriedLength + (to - from);
        if (length < SENTINEL.length) {
            return false;
        }
        for (int back = 1; back <= SENTINEL.length; back++) {
            int index = to - back;
            byte b = index >= from ? bytes[index] : carried[carriedLength - (from - index)];
            if (b != SENTINEL[SENTINEL.length - back]) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the last bytes of the unfinished line, {@code bytes[from, to)} after those carried before. */
    private void carry(byte[] bytes, int from, int to) {
        int fresh = to - from;
        if (fresh >= carried.length) {
            System.arraycopy(bytes, to - carried.length, carried, 0, carried.length);
            carriedLength = carried.length;
            return;
        }
        int keep = Math.min(carriedLength, carried.length - fresh);
        System.arraycopy(carried, carriedLength - keep, carried, 0, keep);
        System.arraycopy(bytes, from, carried, keep, fresh);
        carriedLength = keep + fresh;
    }
}
