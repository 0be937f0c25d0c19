package dev.internvillage.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLineSplitterTests {

    private static List<String> split(byte[] bytes, int chunk, int max, boolean finish) {
        List<String> lines = new ArrayList<>();
        LogLineSplitter splitter = new LogLineSplitter(max, lines::add);
        for (int i = 0; i < bytes.length; i += chunk) {
            int size = Math.min(chunk, bytes.length - i);
            // the log tail reads into a direct buffer, the REST reader into a heap one
            ByteBuffer buffer = chunk % 2 == 0
                    ? ByteBuffer.wrap(bytes, i, size)
                    : ByteBuffer.allocateDirect(size).put(bytes, i, size).flip();
            splitter.feed(buffer);
            assertThat(buffer.hasRemaining()).isFalse();
        }
        if (finish) {
            splitter.finish();
        }
        return lines;
    }

    /**
     * The rule the format names: {@link BufferedReader#readLine} over a replacing decoder, how
     * other tools number the same bytes.
     */
    private static List<String> readLines(byte[] bytes) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void cutsLinesAsBufferedReaderDoesWhateverTheChunkSize() throws IOException {
        byte[] log = "one\ntwo\r\nthree\rfour\n\nsix \u00e9\u20ac\ud83d\ude00\nbad \u0000\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] withInvalid = new byte[log.length + 5];
        System.arraycopy(log, 0, withInvalid, 0, log.length);
        System.arraycopy(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 'z', '\n'}, 0, withInvalid, log.length, 5);

        for (int chunk = 1; chunk <= withInvalid.length; chunk++) {
            assertThat(split(withInvalid, chunk, 1 << 20, true))
                    .as("chunks of %d bytes", chunk)
                    .containsExactlyElementsOf(readLines(withInvalid));
        }
    }

    @Test
    void anUnterminatedLastLineCountsOnlyAtTheEnd() {
        byte[] log = "a\nb".getBytes(StandardCharsets.UTF_8);

        assertThat(split(log, 1, 100, false)).containsExactly("a");
        assertThat(split(log, 1, 100, true)).containsExactly("a", "b");
    }

    @Test
    void longLinesKeepWholeCharactersAndSayHowLongTheyWere() {
        byte[] log = ("\u20ac".repeat(100) + "\nshort\n").getBytes(StandardCharsets.UTF_8); // 300 bytes

        List<String> lines = split(log, 7, 64, true);

        assertThat(lines.getFirst()).isEqualTo("\u20ac".repeat(21) + " [truncated: line of 300 bytes]");
        assertThat(lines.get(1)).isEqualTo("short");
    }
}
