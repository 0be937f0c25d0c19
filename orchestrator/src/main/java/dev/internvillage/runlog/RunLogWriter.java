package dev.internvillage.runlog;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalTime;

/**
 * Appends to a run's log file in the {@link RunLogFormat}: each line stamped, no line longer than
 * the format's limit, the last one the sentinel. Lines are buffered and handed to the operating
 * system in batches ({@link #flush}), never fsynced, and every flush fires the file's {@link
 * LogWriteSignal}. Safe to call from the stdout and stderr readers at once.
 */
public final class RunLogWriter implements Closeable {

    /** The longest cut marker, whatever count it names. */
    private static final int MAX_CUT_MARKER_BYTES =
            RunLogFormat.writtenCutMarker(Long.MAX_VALUE).getBytes(StandardCharsets.UTF_8).length;

    private final BufferedWriter out;
    private final Path file;
    private final LogWriteSignal signal;
    private final int maxTextBytes;
    private final Clock clock;
    private final Runnable afterClose;
    private boolean closed;

    private RunLogWriter(
            BufferedWriter out, Path file, LogWriteSignal signal, int maxTextBytes, Clock clock, Runnable afterClose) {
        this.out = out;
        this.file = file;
        this.signal = signal;
        this.maxTextBytes = maxTextBytes;
        this.clock = clock;
        this.afterClose = afterClose;
    }

    /**
     * Opens (creating its directories) or appends to the log file at {@code file}; readers that
     * listen to {@code signal} for that file are woken after each flush.
     */
    public static RunLogWriter open(Path file, RunLogFormat format, LogWriteSignal signal) {
        return open(file, format, signal, () -> {});
    }

    /** {@link #open(Path, RunLogFormat, LogWriteSignal)}, calling {@code afterClose} once the file is closed. */
    static RunLogWriter open(Path file, RunLogFormat format, LogWriteSignal signal, Runnable afterClose) {
        try {
            Files.createDirectories(file.getParent());
            BufferedWriter writer = new BufferedWriter(
                    new OutputStreamWriter(
                            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                            StandardCharsets.UTF_8),
                    16 * 1024); // chars: a few hundred lines per write in a burst, 32 KB of heap per run
            return new RunLogWriter(
                    writer,
                    file,
                    signal,
                    format.maxLineBytes() - RunLogFormat.STAMP_BYTES,
                    Clock.systemDefaultZone(),
                    afterClose);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log " + file, e);
        }
    }

    /** Appends one line (split further at line breaks); it reaches the file at the next flush. */
    public synchronized void line(String text) {
        if (closed) {
            return;
        }
        String stamp = RunLogFormat.stamp(LocalTime.now(clock));
        try {
            int start = 0;
            while (true) {
                int end = text.indexOf('\n', start);
                out.write(stamp);
                out.write(fit(RunLogFormat.printable(end < 0 ? text.substring(start) : text.substring(start, end))));
                out.write('\n');
                if (end < 0) {
                    break;
                }
                start = end + 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line from the orchestrator itself, flushed at once. */
    public void note(String text) {
        line("[orchestrator] " + text);
        flush();
    }

    /** Hands buffered lines to the operating system and signals readers. */
    public void flush() {
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        signal.written(file);
    }

    /** Writes the final sentinel line and closes the file. */
    public void complete() {
        line(RunLogFormat.SENTINEL);
        close();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                afterClose.run(); // what did reach the file is still shipped
                throw new UncheckedIOException(e);
            }
        }
        signal.written(file);
        afterClose.run();
    }

    /**
     * The text itself when it fits the line limit; else its start, cut at a character boundary, and
     * the marker. Output the agent wrote is cut before (with a bounded buffer) at {@link
     * RunLogFormat#outputLineBytes}; this catches what grew after, e.g. control bytes and invalid
     * UTF-8 that became three-byte U+FFFD characters.
     */
    private String fit(String text) {
        if ((long) text.length() * 3 <= maxTextBytes) {
            return text; // a UTF-16 unit never takes more than three bytes of UTF-8
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxTextBytes) {
            return text;
        }
        int keep = RunLogFormat.wholeCharacters(bytes, maxTextBytes - MAX_CUT_MARKER_BYTES);
        return new String(bytes, 0, keep, StandardCharsets.UTF_8) + RunLogFormat.writtenCutMarker(bytes.length - keep);
    }
}
