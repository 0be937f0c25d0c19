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
import java.time.format.DateTimeFormatter;

/**
 * A run's log file: each line {@code [HH:MM:SS] text}, stderr lines tagged {@code [STDERR]}, the
 * last line {@code === Run Complete ===}. Lines are buffered and handed to the operating system in
 * batches ({@link #flush}) — never fsynced — and every flush fires the run's "bytes written"
 * signal. Safe to call from the stdout and stderr readers at once.
 */
public final class RunLogWriter implements Closeable {

    public static final String SENTINEL = "=== Run Complete ===";
    public static final String STDERR_TAG = "[STDERR] ";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("'['HH:mm:ss'] '");

    private final BufferedWriter out;
    private final Runnable onFlush;
    private final Clock clock;
    private boolean closed;

    private RunLogWriter(BufferedWriter out, Runnable onFlush, Clock clock) {
        this.out = out;
        this.onFlush = onFlush;
        this.clock = clock;
    }

    /** Opens (creating its directories) or appends to the log file at {@code file}. */
    public static RunLogWriter open(Path file, Runnable onFlush) {
        try {
            Files.createDirectories(file.getParent());
            BufferedWriter writer = new BufferedWriter(
                    new OutputStreamWriter(
                            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                            StandardCharsets.UTF_8),
                    16 * 1024); // chars: a few hundred lines per write in a burst, 32 KB of heap per run
            return new RunLogWriter(writer, onFlush, Clock.systemDefaultZone());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log " + file, e);
        }
    }

    /** Appends one line (split further at line breaks); it reaches the file at the next flush. */
    public synchronized void line(String text) {
        if (closed) {
            return;
        }
        String stamp = STAMP.format(LocalTime.now(clock));
        try {
            int start = 0;
            while (true) {
                int end = text.indexOf('\n', start);
                out.write(stamp);
                out.write(printable(end < 0 ? text.substring(start) : text.substring(start, end)));
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
        onFlush.run();
    }

    /** Writes the final sentinel line and closes the file. */
    public void complete() {
        line(SENTINEL);
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
                throw new UncheckedIOException(e);
            }
        }
        onFlush.run();
    }

    /**
     * Control characters other than tab and escape (kept for ANSI colours) would make the file
     * unreadable, so they become U+FFFD; a trailing carriage return is dropped.
     */
    static String printable(String text) {
        int length = text.endsWith("\r") ? text.length() - 1 : text.length();
        StringBuilder clean = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != 0x1b) || c == 0x7f;
            if (control && clean == null) {
                clean = new StringBuilder(length).append(text, 0, i);
            }
            if (clean != null) {
                clean.append(control ? '\uFFFD' : c);
            }
        }
        return clean != null ? clean.toString() : text.substring(0, length);
    }
}
