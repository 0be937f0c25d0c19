package dev.internvillage.runlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Reads run logs for the REST API as the writer writes them, including while it writes. Lines are
 * cut by the same {@link LogLineSplitter} the event stream follows a log with, so both number and
 * show them alike.
 */
@Component
public final class RunLogReader {

    private static final int CHUNK = 32 * 1024;

    private final LogIndexes indexes;
    private final int maxLineBytes;

    public RunLogReader(LogIndexes indexes, RunLogFormat format) {
        this.indexes = indexes;
        this.maxLineBytes = format.maxLineBytes();
    }

    /** Lines {@code from}..{@code from + limit - 1} and whether the sentinel was seen in the file. */
    public record Page(List<LogLine> lines, int lineCount, boolean sentinelSeen) {}

    /** The log as one text, cut off after a size limit, and whether the sentinel was seen. */
    public record Content(String text, int lineCount, boolean sentinelSeen, boolean truncated) {}

    /**
     * Reads a page starting near {@code fromLine} thanks to the file's line index, so the cost is
     * the page, not the lines before it. Lines written after the index was brought up to date are
     * left for the next page, so the count and the lines agree.
     */
    public Page read(Path file, int fromLine, int limit) {
        try {
            Optional<LogIndexes.Position> found = indexes.locate(file, fromLine);
            if (found.isEmpty()) {
                return new Page(List.of(), 0, false);
            }
            LogLineIndex.Snapshot snapshot = found.get().snapshot();
            int last = (int) Math.min(snapshot.lineCount(), (long) fromLine + limit - 1);
            if (fromLine > last) {
                return new Page(List.of(), snapshot.lineCount(), snapshot.sentinelSeen());
            }
            LogIndexes.Seek seek = found.get().seek();
            List<LogLine> lines = new ArrayList<>(last - fromLine + 1);
            int[] number = {seek.lineNumber() - 1};
            LogLineSplitter splitter = new LogLineSplitter(maxLineBytes, line -> {
                int n = ++number[0];
                if (n >= fromLine && n <= last) {
                    lines.add(new LogLine(n, line, RunLogFormat.timestamp(line)));
                }
            });
            readFrom(file, seek.offset(), splitter, () -> number[0] >= last);
            return new Page(lines, snapshot.lineCount(), snapshot.sentinelSeen());
        } catch (NoSuchFileException e) {
            return new Page(List.of(), 0, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole lines up to {@code maxChars} characters; the rest is counted but not kept. */
    public Content readContent(Path file, int maxChars) {
        StringBuilder text = new StringBuilder();
        int[] count = {0};
        boolean[] sentinel = {false};
        boolean[] truncated = {false};
        LogLineSplitter splitter = new LogLineSplitter(maxLineBytes, line -> {
            count[0]++;
            sentinel[0] = RunLogFormat.isSentinel(line);
            if (truncated[0] || text.length() + line.length() + 1 > maxChars) {
                truncated[0] = true;
                return;
            }
            if (count[0] > 1) {
                text.append('\n');
            }
            text.append(line);
        });
        try {
            // every line is read (a missing file has none), so the count and the sentinel are exact
            readFrom(file, 0, splitter, () -> false);
        } catch (NoSuchFileException e) {
            return new Content("", 0, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Content(text.toString(), count[0], sentinel[0], truncated[0]);
    }

    /** Feeds the file from {@code offset} to the splitter until it has {@code enough} or reaches its end (an unterminated last line counts). */
    private static void readFrom(Path file, long offset, LogLineSplitter splitter, BooleanSupplier enough)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            while (!enough.getAsBoolean()) {
                if (channel.read(buffer.clear()) < 0) {
                    splitter.finish();
                    return;
                }
                splitter.feed(buffer.flip());
            }
        }
    }
}
