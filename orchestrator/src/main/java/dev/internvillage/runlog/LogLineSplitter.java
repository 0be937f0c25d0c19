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
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            RunLogFormat.LineEnds.Kind kind = ends.next(b);
            if (kind == RunLogFormat.LineEnds.Kind.TEXT) {
                append(b);
            } else if (kind == RunLogFormat.LineEnds.Kind.END) {
                emit();
            }
        }
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

    private void append(byte b) {
        pending = true;
        if (length == maxLineBytes) {
            dropped++;
            return;
        }
        if (length == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
        }
        line[length++] = b;
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
