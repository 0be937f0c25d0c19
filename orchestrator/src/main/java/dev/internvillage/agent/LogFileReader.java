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

    private LogFileReader() {}

    static Page read(Path file, int fromLine, int limit) {
        List<LogLine> lines = new ArrayList<>(Math.min(limit, 1024));
        int number = 0;
        boolean sentinel = false;
        // InputStreamReader replaces malformed input (Files.newBufferedReader would throw instead)
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                sentinel = line.endsWith(SENTINEL);
                if (number >= fromLine && lines.size() < limit) {
                    lines.add(new LogLine(number, line, timestamp(line)));
                }
            }
        } catch (NoSuchFileException e) {
            return new Page(List.of(), 0, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Page(lines, number, sentinel);
    }

    static @Nullable String timestamp(String line) {
        Matcher matcher = STAMP.matcher(line);
        return matcher.find() ? matcher.group(1) : null;
    }
}
