package dev.internvillage.runlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a log's bytes into lines by the format's reading rule ({@link RunLogFormat.LineEnds}), fed in
 * chunks of any size, so a line number means the same line wherever the log is read. A line longer
 * than {@code maxLineBytes} keeps its first bytes (cut at a character boundary) plus {@link
 * RunLogFormat#readCutMarker}; the rest is counted, never buffered. Invalid UTF-8 becomes U+FFFD.
 */
public final class LogLineSplitter {

    private final int maxLineBytes;
    private final Consumer<String> sink;
    private byte[] line = new byte[256];
    private int length;
    private long dropped;
    private final RunLogFormat.LineEnds ends = new RunLogFormat.LineEnds();
    private boolean pending;

    public LogLineSplitter(int maxLineBytes, Consumer<String> sink) {
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
    }

    /** Consumes every byte of {@code bytes}, handing each complete line to the sink. */
    public void feed(ByteBuffer bytes) {
        int limit = bytes.limit();
        int i = bytes.position();
        while (i < limit) {
            RunLogFormat.LineEnds.Kind kind = ends.next(bytes.get(i));
            if (kind == RunLogFormat.LineEnds.Kind.END) {
                emit();
                i++;
            } else if (kind == RunLogFormat.LineEnds.Kind.SECOND_HALF) {
                i++;
            } else {
                // text up to the next line end is copied in one go: no byte of it can change the state
                int end = i + 1;
                while (end < limit && !RunLogFormat.LineEnds.endsLine(bytes.get(end))) {
                    end++;
                }
                append(bytes, i, end);
                i = end;
            }
        }
        bytes.position(limit);
    }

    /** At the end of the log: an unterminated last line is a line too. */
    public void finish() {
        if (pending) {
            emit();
        }
    }

    /** Whether bytes of an unterminated line are waiting. */
    public boolean hasPartialLine() {
        return pending;
    }

    /** Adds {@code bytes[from, to)} to the line, as far as it is kept; the rest is only counted. */
    private void append(ByteBuffer bytes, int from, int to) {
        pending = true;
        int take = Math.min(to - from, maxLineBytes - length);
        if (take > 0) {
            if (length + take > line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(length + take, line.length * 2)));
            }
            bytes.get(from, line, length, take);
            length += take;
        }
        dropped += (to - from) - take;
    }

    private void emit() {
        String text;
        if (dropped == 0) {
            text = new String(line, 0, length, StandardCharsets.UTF_8);
        } else {
            int keep = RunLogFormat.wholeCharacters(line, length);
            text = new String(line, 0, keep, StandardCharsets.UTF_8) + RunLogFormat.readCutMarker(length + dropped);
        }
        length = 0;
        dropped = 0;
        pending = false;
        if (line.length > 64 * 1024) {
            line = new byte[256]; // give back the memory of a huge line
        }
        sink.accept(text);
    }
}
