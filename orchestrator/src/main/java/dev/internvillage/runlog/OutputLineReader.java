package dev.internvillage.runlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads the lines an agent process writes, for the {@link RunLogWriter}: a line ends at {@code \n}
 * (a {@code \r} before it is dropped by the writer, a lone one made visible), and a line longer than
 * {@code maxBytes} ({@link RunLogFormat#outputLineBytes}) keeps its first bytes, cut at a character
 * boundary, plus {@link RunLogFormat#writtenCutMarker}; the rest is skipped without being held in
 * memory. Invalid UTF-8 becomes U+FFFD.
 */
public final class OutputLineReader {

    private final InputStream in;
    private final int maxBytes;
    // one per output stream of every running agent, copied by young collections while the run is new:
    // 16 KB is a few hundred lines per read, and a burst takes a few more reads
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[256];

    public OutputLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** True when more bytes are already waiting, so the caller need not flush yet. */
    public boolean hasBufferedInput() throws IOException {
        return position < limit || in.available() > 0;
    }

    /** The next line without its terminator, or null at end of stream. */
    @Nullable
    public String readLine() throws IOException {
        int length = 0;
        long dropped = 0;
        boolean sawAny = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return sawAny ? decode(length, dropped) : null;
                }
            }
            sawAny = true;
            int newline = indexOf(buffer, position, limit);
            int end = newline < 0 ? limit : newline;
            int take = Math.min(end - position, maxBytes - length);
            if (take > 0) {
                ensureCapacity(length + take);
                System.arraycopy(buffer, position, line, length, take);
                length += take;
            }
            dropped += (end - position) - Math.max(take, 0);
            position = end;
            if (newline >= 0) {
                position++;
                return decode(length, dropped);
            }
        }
    }

    private String decode(int length, long dropped) {
        if (dropped == 0) {
            return new String(line, 0, length, StandardCharsets.UTF_8);
        }
        int keep = RunLogFormat.wholeCharacters(line, length);
        return new String(line, 0, keep, StandardCharsets.UTF_8)
                + RunLogFormat.writtenCutMarker(dropped + length - keep);
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(needed, line.length * 2), maxBytes));
        }
    }

    private static int indexOf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
