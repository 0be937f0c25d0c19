package dev.internvillage.runlog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads run logs as the executor writes them: {@code [HH:MM:SS] text} lines ending with the {@code
 * === Run Complete ===} sentinel. Invalid UTF-8 becomes U+FFFD instead of failing the read.
 */
public final class RunLogReader {

    static final String SENTINEL = "=== Run Complete ===";
    private static final Pattern STAMP = Pattern.compile("^\\[(\\d{2}:\\d{2}:\\d{2})] ");

    /** Lines {@code from}..{@code from + limit - 1} and whether the sentinel was seen in the file. */
    public record Page(List<LogLine> lines, int lineCount, boolean sentinelSeen) {}

    /** The log as one text, cut off after a size limit, and whether the sentinel was seen. */
    public record Content(String text, int lineCount, boolean sentinelSeen, boolean truncated) {}

    private record Scan(int lineCount, boolean sentinelSeen) {}

    private RunLogReader() {}

    /**
     * Reads a page starting near {@code fromLine} thanks to the file's line index, so the cost is
     * the page, not the lines before it. Lines written after the index was brought up to date are
     * left for the next page, so the count and the lines agree.
     */
    public static Page read(Path file, LogIndexes indexes, int fromLine, int limit) {
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
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                channel.position(seek.offset());
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
                for (int number = seek.lineNumber(); number <= last; number++) {
                    String line = reader.readLine();
                    if (line == null) {
                        break;
                    }
                    if (number >= fromLine) {
                        lines.add(new LogLine(number, line, timestamp(line)));
                    }
                }
            }
            return new Page(lines, snapshot.lineCount(), snapshot.sentinelSeen());
        } catch (NoSuchFileException e) {
            return new Page(List.of(), 0, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole lines up to {@code maxChars} characters; the rest is counted but not kept. */
    public static Content readContent(Path file, int maxChars) {
        StringBuilder text = new StringBuilder();
        boolean[] truncated = {false};
        Scan scan = scan(file, (number, line) -> {
            if (truncated[0] || text.length() + line.length() + 1 > maxChars) {
                truncated[0] = true;
                return;
            }
            if (number > 1) {
                text.append('\n');
            }
            text.append(line);
        });
        return new Content(text.toString(), scan.lineCount(), scan.sentinelSeen(), truncated[0]);
    }

    private interface LineVisitor {
        void visit(int lineNumber, String line);
    }

    /** Reads every line (a missing file has none), so counts and the sentinel are always exact. */
    private static Scan scan(Path file, LineVisitor visitor) {
        int number = 0;
        boolean sentinel = false;
        // InputStreamReader replaces malformed input (Files.newBufferedReader would throw instead)
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                sentinel = line.endsWith(SENTINEL);
                visitor.visit(number, line);
            }
        } catch (NoSuchFileException e) {
            return new Scan(0, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scan(number, sentinel);
    }

    static @Nullable String timestamp(String line) {
        Matcher matcher = STAMP.matcher(line);
        return matcher.find() ? matcher.group(1) : null;
    }
}
