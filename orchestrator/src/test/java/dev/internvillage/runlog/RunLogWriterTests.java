package dev.internvillage.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogWriterTests {

    @TempDir
    Path dir;

    @Test
    void linesAreStampedBufferedUntilFlushAndEndWithTheSentinel() throws IOException {
        Path file = dir.resolve("a/b/run-001.log");
        AtomicInteger signals = new AtomicInteger();
        RunLogWriter log = RunLogWriter.open(file, signals::incrementAndGet);

        log.line("first");
        log.line(RunLogWriter.STDERR_TAG + "oops");
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
    void controlCharactersBecomeReplacementCharactersButTabsAndAnsiColoursStay() {
        assertThat(RunLogWriter.printable("a\u0000b\u0007c\td\u001b[31mred\u001b[0m\r"))
                .isEqualTo("a\uFFFDb\uFFFDc\td\u001b[31mred\u001b[0m");
        assertThat(RunLogWriter.printable("clean")).isEqualTo("clean");
    }

    @Test
    void writesAfterCloseAreIgnored() throws IOException {
        Path file = dir.resolve("run.log");
        RunLogWriter log = RunLogWriter.open(file, () -> {});
        log.complete();
        log.line("late");
        log.flush();
        assertThat(Files.readAllLines(file)).hasSize(1);
    }
}
