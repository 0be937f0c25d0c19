package dev.internvillage.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads run logs as the executor writes them: {@code [HH:MM:SS] text} lines ending with the {@code
 * === Run Complete ===} sentinel. Invalid UTF-8 becomes U+FFFD instead of failing the read.
 */
final class LogFileReader {

    static final String SENTINEL = "=== Run Complete ===";
    private static final Pattern STAMP = Pattern.compile("^\\[(\\d{2}:\\d{2}:\\d{2})] ");

    /** Lines {@code from}..{@code from + limit - 1} and whether the sentinel was seen in the file. */
    record Page(List<LogLine> lines, int lineCount, boolean sentinelSeen) {}

    /** The log as one text, cut off after a size limit, and whether the sentinel was seen. */
    record Content(String text, int lineCount, boolean sentinelSeen, boolean truncated) {}

    private record Scan(int lineCount, boolean sentinelSeen) {}

    private LogFileReader() {}

    static Page read(Path file, int fromLine, int limit) {
        List<LogLine> lines = new ArrayList<>(Math.min(limit, 1024));
        Scan scan = scan(file, (number, line) -> {
            if (number >= fromLine && lines.size() < limit) {
                lines.add(new LogLine(number, line, timestamp(line)));
            }
        });
        return new Page(lines, scan.lineCount(), scan.sentinelSeen());
    }

    /** Whole lines up to {@code maxChars} characters; the rest is counted but not kept. */
    static Content readContent(Path file, int maxChars) {
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
