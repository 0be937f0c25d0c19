package dev.internvillage.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent output goes through the writer's side of the format (the output reader and the writer) into
 * a file; the REST reader and the event stream's splitter must then see exactly the lines the writer
 * wrote, one line per line of output, none cut a second time: whatever the line endings, lengths
 * and bytes.
 */
class WriterAndReadersAgreeTests {

    private static final int LIMIT = 1024;

    @TempDir
    Path dir;

    private final RunLogFormat format = new RunLogFormat(LIMIT);
    private final RunLogReader reader = new RunLogReader(new LogIndexes(), format);

    @Test
    void crlfLoneCrLongLinesAndInvalidUtf8() throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        output.writeBytes("plain\n".getBytes(StandardCharsets.UTF_8));
        output.writeBytes("windows line\r\n".getBytes(StandardCharsets.UTF_8));
        output.writeBytes("progress 10%\rprogress 20%\n".getBytes(StandardCharsets.UTF_8));
        output.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        output.writeBytes(("x".repeat(5 * LIMIT) + "\n").getBytes(StandardCharsets.UTF_8));
        output.writeBytes(("\u20ac".repeat(2 * LIMIT) + "\n").getBytes(StandardCharsets.UTF_8));
        output.writeBytes(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, 0x28, ' ', (byte) 0xFF, ' ', 'z', '\n'});
        byte[] invalid = new byte[2 * LIMIT];
        java.util.Arrays.fill(invalid, (byte) 0xFF);
        output.writeBytes(invalid);
        output.writeBytes("\nbell \u0007 and nul \u0000\n".getBytes(StandardCharsets.UTF_8));
        output.writeBytes("last line without a newline".getBytes(StandardCharsets.UTF_8));

        List<String> lines = writeAndReadBack(output.toByteArray());

        List<String> texts = lines.stream().map(l -> l.substring(11)).toList();
        assertThat(texts.subList(0, 4))
                .containsExactly("plain", "windows line", "[STDERR] progress 10%\uFFFDprogress 20%", "");
        assertThat(texts.get(4)).startsWith("xxx").endsWith(" … [line truncated: 4352 more bytes]");
        assertThat(texts.get(5)).startsWith("[STDERR] \u20ac\u20ac").endsWith(" … [line truncated: 5376 more bytes]");
        assertThat(texts.get(5)).as("whole characters only").matches("\\[STDERR] \u20ac{256} … .*");
        assertThat(texts.get(6)).isEqualTo("bad \uFFFD( \uFFFD z");
        assertThat(texts.get(7)).startsWith("\uFFFD\uFFFD").matches(".* … \\[line truncated: \\d+ more bytes]");
        assertThat(texts.get(8)).isEqualTo("[STDERR] bell \uFFFD and nul \uFFFD");
        assertThat(texts.get(9)).isEqualTo("last line without a newline");
        assertThat(texts.get(10)).isEqualTo(RunLogFormat.SENTINEL);
    }

    @Test
    void randomOutput() throws IOException {
        Random random = new Random(13);
        byte[] alphabet = "ab \t\u001b\r\n\r\n\u0000".getBytes(StandardCharsets.UTF_8);
        byte[] multiByte = "\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 40; round++) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int size = random.nextInt(6 * LIMIT);
            while (output.size() < size) {
                int pick = random.nextInt(10);
                if (pick < 6) {
                    output.write(alphabet[random.nextInt(alphabet.length)]);
                } else if (pick < 8) {
                    output.write(multiByte[random.nextInt(multiByte.length)]); // often invalid on its own
                } else if (pick < 9) {
                    output.write(0x80 + random.nextInt(0x80));
                } else {
                    output.writeBytes("y".repeat(random.nextInt(2 * LIMIT)).getBytes(StandardCharsets.UTF_8));
                }
            }
            writeAndReadBack(output.toByteArray());
        }
    }

    /**
     * Writes agent output as the executor does (stdout lines as they are, every third line as if
     * from stderr), then checks that every reader sees what was written and returns those lines.
     */
    private List<String> writeAndReadBack(byte[] agentOutput) throws IOException {
        Path file = Files.createTempFile(dir, "run-", ".log");
        Files.delete(file);
        OutputLineReader output = new OutputLineReader(new ByteArrayInputStream(agentOutput), format.outputLineBytes());
        int written = 0;
        try (RunLogWriter writer = RunLogWriter.open(file, format, new LogWriteSignal())) {
            String line;
            while ((line = output.readLine()) != null) {
                writer.line(written % 3 == 2 ? RunLogFormat.STDERR_TAG + line : line);
                written++;
            }
            writer.complete();
        }
        byte[] bytes = Files.readAllBytes(file);

        assertThat(bytes).as("the writer ends lines with \\n only").doesNotContain((byte) '\r');
        List<String> inFile = Files.readAllLines(file); // strict UTF-8: the writer wrote valid text
        assertThat(inFile).hasSize(written + 1);
        assertThat(inFile).allSatisfy(line -> {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LIMIT);
            assertThat(RunLogFormat.timestamp(line)).isNotNull();
            assertThat(line).doesNotContain("[truncated: line of");
            assertThat(line.chars()).noneMatch(c -> c < 0x20 && c != '\t' && c != 0x1b);
        });

        List<String> streamed = new ArrayList<>();
        LogLineSplitter splitter = new LogLineSplitter(format.maxLineBytes(), streamed::add);
        for (int i = 0; i < bytes.length; i += 4096) {
            splitter.feed(ByteBuffer.wrap(bytes, i, Math.min(4096, bytes.length - i)));
        }
        splitter.finish();
        assertThat(streamed).as("the event stream's lines").isEqualTo(inFile);

        RunLogReader.Page page = reader.read(file, 1, 10_000);
        assertThat(page.lines().stream().map(LogLine::line).toList())
                .as("the REST page")
                .isEqualTo(inFile);
        assertThat(page.lineCount()).isEqualTo(inFile.size());
        assertThat(page.sentinelSeen()).isTrue();
        assertThat(reader.readContent(file, Integer.MAX_VALUE).text()).isEqualTo(String.join("\n", inFile));
        return inFile;
    }
}
