package dev.internvillage.runlog;

import dev.internvillage.common.Settings;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What a run's log file looks like, declared once for its writer and its readers.
 *
 * <ul>
 *   <li>Each line is {@code [HH:MM:SS] text}; stderr lines carry {@link #STDERR_TAG} after the stamp;
 *       the last line of a finished run ends with {@link #SENTINEL}.
 *   <li>The writer ends every line with {@code \n} and writes no other control characters than tab
 *       and escape (kept for ANSI colours). Readers also accept files written by others: for them
 *       {@code \n}, {@code \r} and {@code \r\n} each end one line ({@link LineEnds}), the rule of {@link
 *       java.io.BufferedReader#readLine}, and invalid UTF-8 becomes U+FFFD.
 *   <li>No line is longer than {@link #maxLineBytes} bytes ({@code LOG_TAIL_MAX_LINE_BYTES}). The
 *       writer keeps that promise for what it writes, with {@link #writtenCutMarker}; a reader cuts a
 *       longer line it finds in a file with {@link #readCutMarker}, so REST pages and the event stream
 *       show the same text under the same line number.
 * </ul>
 */
@Component
public final class RunLogFormat {

    /** The last line's text: the run wrote everything it will write. */
    public static final String SENTINEL = "=== Run Complete ===";

    /** Put before each line an agent wrote to its stderr. */
    public static final String STDERR_TAG = "[STDERR] ";

    public static final String MAX_LINE_BYTES_SETTING = "LOG_TAIL_MAX_LINE_BYTES";
    public static final int DEFAULT_MAX_LINE_BYTES = 1_048_576;
    /** Enough for a stamp, a tag and a cut marker with room to spare for some text. */
    public static final int MIN_MAX_LINE_BYTES = 256;

    public static final int MAX_MAX_LINE_BYTES = 64 * 1_048_576;

    /** Bytes of {@code [HH:MM:SS] }. */
    static final int STAMP_BYTES = 11;

    static final byte[] SENTINEL_BYTES = SENTINEL.getBytes(StandardCharsets.US_ASCII);

    /** Room a writer leaves in a line for the stamp, the stderr tag and its cut marker. */
    private static final int WRITER_OVERHEAD_BYTES = 256;

    private static final DateTimeFormatter STAMP_FORMAT = DateTimeFormatter.ofPattern("'['HH:mm:ss'] '");
    private static final Pattern STAMP = Pattern.compile("^\\[(\\d{2}:\\d{2}:\\d{2})] ");

    private final int maxLineBytes;

    /** Reads {@code LOG_TAIL_MAX_LINE_BYTES}; a bad value stops start-up naming it. */
    @Autowired
    public RunLogFormat(Settings settings) {
        this(settings.integer(MAX_LINE_BYTES_SETTING, DEFAULT_MAX_LINE_BYTES, MIN_MAX_LINE_BYTES, MAX_MAX_LINE_BYTES));
    }

    RunLogFormat(int maxLineBytes) {
        if (maxLineBytes < MIN_MAX_LINE_BYTES || maxLineBytes > MAX_MAX_LINE_BYTES) {
            throw new IllegalArgumentException("maxLineBytes out of range: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** The longest line in a log file, its terminator not counted, and the longest sent as an event. */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    /**
     * How much of one line of agent output the writer keeps before it cuts: {@link #maxLineBytes}
     * less room for the stamp, the stderr tag and the cut marker, so a cut line still fits and a
     * reader never cuts (and marks) it a second time.
     */
    public int outputLineBytes() {
        return Math.max(maxLineBytes / 2, maxLineBytes - WRITER_OVERHEAD_BYTES);
    }

    /** The stamp that starts a line written at {@code time}: {@code [HH:MM:SS] }. */
    public static String stamp(LocalTime time) {
        return STAMP_FORMAT.format(time);
    }

    /** The {@code HH:MM:SS} a line starts with, or null if it has no stamp. */
    public static @Nullable String timestamp(String line) {
        if (line.length() < STAMP_BYTES || line.charAt(0) != '[') {
            return null; // most callers are on the stream's hot path: skip the regex when it cannot match
        }
        Matcher matcher = STAMP.matcher(line);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Whether {@code line} is the sentinel line that ends a finished run's log. */
    public static boolean isSentinel(String line) {
        return line.endsWith(SENTINEL);
    }

    /** Put after the kept start of a line the writer cut; {@code droppedBytes} were left out. */
    static String writtenCutMarker(long droppedBytes) {
        return " … [line truncated: " + droppedBytes + " more bytes]";
    }

    /** Put after the kept start of a too long line a reader found in a file of {@code totalBytes}. */
    static String readCutMarker(long totalBytes) {
        return " [truncated: line of " + totalBytes + " bytes]";
    }

    /**
     * How many of the first {@code length} bytes of UTF-8 text to keep so that no character is cut
     * in half: {@code length}, or less when the last character does not end inside it.
     */
    static int wholeCharacters(byte[] bytes, int length) {
        if (length == 0) {
            return 0;
        }
        int start = length - 1;
        while (start > 0 && (bytes[start] & 0xC0) == 0x80) {
            start--;
        }
        int lead = bytes[start] & 0xFF;
        int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return start + size > length ? start : length;
    }

    /**
     * The text of a line as the writer writes it: control characters other than tab and escape
     * become U+FFFD (they would make the file unreadable, and a lone {@code \r} would end a line for
     * readers), and a trailing {@code \r} (of a {@code \r\n} the caller split at {@code \n}) is dropped.
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

    /**
     * Where lines end when a log is read, one byte at a time: {@code \n}, {@code \r} and {@code \r\n}
     * each end one line. The line splitter and the line index both cut with it, so a line number
     * means the same line over REST and on the event stream.
     */
    static final class LineEnds {

        /** What a byte is to the line it belongs to. */
        enum Kind {
            /** Part of the line's text. */
            TEXT,
            /** Ends the line. */
            END,
            /** The {@code \n} of a {@code \r\n}: the line already ended at the {@code \r}. */
            SECOND_HALF
        }

        private boolean afterCarriageReturn;

        Kind next(byte b) {
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (b == '\n') {
                    return Kind.SECOND_HALF;
                }
            }
            if (endsLine(b)) {
                afterCarriageReturn = b == '\r';
                return Kind.END;
            }
            return Kind.TEXT;
        }

        /**
         * Whether {@code b} ends a line, or is the second half of an end: outside of {@link #next}
         * only for skipping over text, after {@link #next} said {@link Kind#TEXT}.
         */
        static boolean endsLine(byte b) {
            return b == '\n' || b == '\r';
        }

        /**
         * Whether the last byte ended a line with {@code \r}: the next line starts at the next byte
         * unless that byte is the {@code \n} of a {@code \r\n}.
         */
        boolean afterCarriageReturn() {
            return afterCarriageReturn;
        }
    }
}
