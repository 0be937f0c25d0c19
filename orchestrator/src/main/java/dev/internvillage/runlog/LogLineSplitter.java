package dev.internvillage.runlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a log's bytes into lines the way the REST log reader numbers them ({@code \n}, {@code \r} or
 * {@code \r\n} end a line), so a line number means the same line on the stream and over REST. Fed
 * in chunks of any size. A line longer than {@code maxLineBytes} keeps its first bytes (cut at a
 * character boundary) plus a marker; the rest is counted, never buffered. Invalid UTF-8 becomes
 * U+FFFD.
 */
public final class LogLineSplitter {

    private final int maxLineBytes;
    private final Consumer<String> sink;
    private byte[] line = new byte[256];
    private int length;
    private long dropped;
    private boolean skipLf;
    private boolean pending;

    public LogLineSplitter(int maxLineBytes, Consumer<String> sink) {
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
    }

    /** Consumes every byte of {@code bytes}, handing each complete line to the sink. */
    public void feed(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                skipLf = b == '\r';
                emit();
            } else {
                append(b);
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
            int keep = length;
            // do not cut a multi-byte character in half: find where the last one starts
            int start = keep - 1;
            while (start > 0 && (line[start] & 0xC0) == 0x80) {
                start--;
            }
            int lead = line[start] & 0xFF;
            int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (start + size > keep) {
                keep = start;
            }
            long total = length + dropped;
            text = new String(line, 0, keep, StandardCharsets.UTF_8) + " [truncated: line of " + total + " bytes]";
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
