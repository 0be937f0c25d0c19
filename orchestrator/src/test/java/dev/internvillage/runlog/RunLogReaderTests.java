package dev.internvillage.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paged reads through the line index must give exactly what a scan from the first byte gives,
 * whatever the line endings, wherever a page starts, and while the file grows.
 */
class RunLogReaderTests {

    private static final String[] ENDINGS = {"\n", "\r", "\r\n"};

    @TempDir
    Path dir;

    private final RunLogReader reader = new RunLogReader(new LogIndexes(), new RunLogFormat(1_048_576));

    @Test
    void everyPageMatchesAFullScanWhateverTheLineEndings() throws IOException {
        Random random = new Random(7);
        Path file = dir.resolve("run-001.log");
        Files.write(file, randomLog(random, 5 * LogLineIndex.STRIDE + 37, 30));
        List<String> expected = scanAll(file);

        for (int from : new int[] {1, 2, 1023, 1024, 1025, 1026, 2048, 2049, 4000, expected.size()}) {
            for (int limit : new int[] {1, 7, 1500, 10_000}) {
                RunLogReader.Page page = reader.read(file, from, limit);
                assertThat(texts(page))
                        .as("from %d limit %d", from, limit)
                        .isEqualTo(expected.subList(from - 1, Math.min(expected.size(), from - 1 + limit)));
                assertThat(page.lines().getFirst().lineNumber()).isEqualTo(from);
                assertThat(page.lineCount()).isEqualTo(expected.size());
            }
        }
        assertThat(reader.read(file, expected.size() + 1, 10).lines()).isEmpty();
    }

    @Test
    void aGrowingFileIsFollowedIncludingALineCutInTwoAndACarriageReturnAtTheEnd() throws IOException {
        Random random = new Random(11);
        Path file = dir.resolve("run-002.log");
        byte[] whole = randomLog(random, 3 * LogLineIndex.STRIDE + 5, 0);
        Files.write(file, new byte[0]);
        int written = 0;
        while (written < whole.length) {
            int chunk = Math.min(whole.length - written, 1 + random.nextInt(9000));
            Files.write(file, java.util.Arrays.copyOfRange(whole, written, written + chunk), StandardOpenOption.APPEND);
            written += chunk;
            List<String> expected = scanAll(file);
            int from = 1 + random.nextInt(expected.size());
            RunLogReader.Page page = reader.read(file, from, 2000);
            assertThat(page.lineCount()).as("after %d bytes", written).isEqualTo(expected.size());
            assertThat(texts(page))
                    .as("after %d bytes from %d", written, from)
                    .isEqualTo(expected.subList(from - 1, Math.min(expected.size(), from - 1 + 2000)));
        }
    }

    @Test
    void theSentinelIsSeenOnlyWhenItEndsTheLastLine() throws IOException {
        Path file = dir.resolve("run-003.log");
        Files.writeString(file, "[10:00:00] work\n[10:00:01] " + RunLogFormat.SENTINEL + "\n");
        assertThat(reader.read(file, 1, 10).sentinelSeen()).isTrue();

        Files.writeString(file, "[10:00:02] more\n", StandardOpenOption.APPEND);
        assertThat(reader.read(file, 1, 10).sentinelSeen()).isFalse();

        Files.writeString(file, "[10:00:03] " + RunLogFormat.SENTINEL, StandardOpenOption.APPEND);
        RunLogReader.Page page = reader.read(file, 3, 10);
        assertThat(page.sentinelSeen()).as("an unterminated sentinel line").isTrue();
        assertThat(page.lineCount()).isEqualTo(4);
    }

    @Test
    void aSentinelCutByTheReadBufferIsStillSeen() throws IOException {
        for (int cut = 1; cut < RunLogFormat.SENTINEL.length(); cut += 6) {
            Path file = dir.resolve("run-cut-" + cut + ".log");
            // the sentinel starts `cut` bytes before the 64 KiB read buffer ends
            String before = "[10:00:00] " + "x".repeat(64 * 1024 - 11 - 1 - 11 - cut) + "\n[10:00:01] ";
            Files.writeString(file, before + RunLogFormat.SENTINEL + "\n");
            assertThat(reader.read(file, 1, 1).sentinelSeen()).as("cut %d", cut).isTrue();
        }
    }

    @Test
    void aReplacedOrMissingFileIsReadAfresh() throws IOException {
        Path file = dir.resolve("run-004.log");
        Files.writeString(file, "a\nb\nc\nd\n");
        assertThat(reader.read(file, 1, 10).lineCount()).isEqualTo(4);

        Files.delete(file);
        assertThat(reader.read(file, 1, 10).lineCount()).isZero();

        Files.writeString(file, "x\ny\n");
        assertThat(texts(reader.read(file, 1, 10))).containsExactly("x", "y");
    }

    @Test
    void theWholeLogIsCountedWhenItsTextIsCutAtTheSizeLimit() throws IOException {
        Path file = dir.resolve("run-005.log");
        Files.writeString(file, "[10:00:00] one\r\n[10:00:01] two\r[10:00:02] " + RunLogFormat.SENTINEL);

        RunLogReader.Content whole = reader.readContent(file, 1000);
        assertThat(whole.text()).isEqualTo("[10:00:00] one\n[10:00:01] two\n[10:00:02] " + RunLogFormat.SENTINEL);
        assertThat(whole.lineCount()).isEqualTo(3);
        assertThat(whole.sentinelSeen()).isTrue();
        assertThat(whole.truncated()).isFalse();

        RunLogReader.Content cut = reader.readContent(file, 30);
        assertThat(cut.text()).isEqualTo("[10:00:00] one\n[10:00:01] two");
        assertThat(cut.lineCount()).isEqualTo(3);
        assertThat(cut.sentinelSeen()).isTrue();
        assertThat(cut.truncated()).isTrue();

        assertThat(reader.readContent(dir.resolve("missing.log"), 1000))
                .isEqualTo(new RunLogReader.Content("", 0, false, false));
    }

    @Test
    void aLineLongerThanTheLimitIsCutAsTheEventStreamCutsIt() throws IOException {
        RunLogReader small = new RunLogReader(new LogIndexes(), new RunLogFormat(300));
        Path file = dir.resolve("run-006.log");
        byte[] log = ("[10:00:00] " + "\u20ac".repeat(200) + "\n[10:00:01] next\n").getBytes(StandardCharsets.UTF_8);
        Files.write(file, log);
        List<String> streamed = new ArrayList<>();
        LogLineSplitter splitter = new LogLineSplitter(300, streamed::add);
        splitter.feed(java.nio.ByteBuffer.wrap(log));

        RunLogReader.Page page = small.read(file, 1, 10);

        assertThat(texts(page)).containsExactlyElementsOf(streamed);
        assertThat(texts(page).getFirst()).startsWith("[10:00:00] \u20ac").endsWith(" [truncated: line of 611 bytes]");
        assertThat(small.readContent(file, 10_000).text()).isEqualTo(String.join("\n", streamed));
        assertThat(page.lines().get(1).timestamp()).isEqualTo("10:00:01");
    }

    private static List<String> texts(RunLogReader.Page page) {
        return page.lines().stream().map(LogLine::line).toList();
    }

    /** The reference: every line from the first byte, as the reader numbered them before the index. */
    private static List<String> scanAll(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * Lines of mixed length and endings, some with invalid UTF-8, one in {@code longLineEvery} of
     * 70 kB (none for 0); the last line is unterminated.
     */
    private static byte[] randomLog(Random random, int lines, int longLineEvery) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= lines; i++) {
            out.write(("[12:00:00] line " + i + " ").getBytes(StandardCharsets.UTF_8));
            out.write("é".repeat(random.nextInt(40)).getBytes(StandardCharsets.UTF_8));
            if (random.nextInt(50) == 0) {
                out.write(new byte[] {(byte) 0xff, (byte) 0xc3});
            }
            if (longLineEvery > 0 && random.nextInt(longLineEvery) == 0) {
                out.write("x".repeat(70_000).getBytes(StandardCharsets.UTF_8));
            }
            if (i < lines) {
                out.write(ENDINGS[random.nextInt(ENDINGS.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
