package dev.internvillage.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogWriterTests {

    @TempDir
    Path dir;

    private final RunLogFormat format = new RunLogFormat(RunLogFormat.DEFAULT_MAX_LINE_BYTES);
    private final LogWriteSignal signal = new LogWriteSignal();

    @Test
    void linesAreStampedBufferedUntilFlushAndEndWithTheSentinel() throws IOException {
        Path file = dir.resolve("a/b/run-001.log");
        AtomicInteger signals = new AtomicInteger();
        // a follower may name the file another way: the signal is for the file, not the spelling
        signal.onWrite(dir.resolve("a/./b/../b/run-001.log"), signals::incrementAndGet);
        RunLogWriter log = RunLogWriter.open(file, format, signal);

        log.line("first");
        log.line(RunLogFormat.STDERR_TAG + "oops");
        assertThat(Files.size(file)).as("nothing written before a flush").isZero();
        log.flush();
        assertThat(signals).hasValue(1);
        log.line("two\nlines");
        log.complete();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(5);
        assertThat(lines).allMatch(l -> l.matches("^\\[\\d{2}:\\d{2}:\\d{2}] .+"));
        assertThat(lines.get(1)).endsWith("] [STDERR] oops");
        assertThat(lines.get(2)).endsWith("] two");
        assertThat(lines.get(3)).endsWith("] lines");
        assertThat(lines.get(4)).endsWith("] === Run Complete ===");
        assertThat(signals.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void writesAfterCloseAreIgnored() throws IOException {
        Path file = dir.resolve("run.log");
        RunLogWriter log = RunLogWriter.open(file, format, signal);
        log.complete();
        log.line("late");
        log.flush();
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void aLineThatGrewPastTheLimitIsCutToFitItWithTheWritersMarker() throws IOException {
        RunLogFormat small = new RunLogFormat(300);
        Path file = dir.resolve("run.log");
        try (RunLogWriter log = RunLogWriter.open(file, small, signal)) {
            // 250 control characters are within the output limit, but each becomes a 3-byte U+FFFD
            log.line("\u0001".repeat(250));
            log.line("short");
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(300);
        int kept = lines.getFirst().length()
                - lines.getFirst().replace("\uFFFD", "").length();
        assertThat(kept).isPositive();
        assertThat(lines.getFirst())
                .matches("^\\[\\d{2}:\\d{2}:\\d{2}] \uFFFD+ … \\[line truncated: \\d+ more bytes]$")
                .endsWith("[line truncated: " + (750 - 3 * kept) + " more bytes]");
        assertThat(lines.get(1)).endsWith("] short");
    }
}
