package dev.internvillage.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLineReaderTests {

    @Test
    void splitsLinesIncludingAnUnterminatedLastOne() throws IOException {
        assertThat(read("one\ntwo\n\nthree", 100)).containsExactly("one", "two", "", "three");
        assertThat(read("", 100)).isEmpty();
        assertThat(read("only\n", 100)).containsExactly("only");
    }

    @Test
    void aLineLongerThanTheLimitKeepsItsStartAndSaysHowMuchWasDropped() throws IOException {
        String huge = "x".repeat(5_000_000);

        List<String> lines = read(huge + "\nnext\n", 1000);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("x".repeat(1000) + " … [line truncated: 4999000 more bytes]");
        assertThat(lines.get(1)).isEqualTo("next");
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() throws IOException {
        byte[] bytes = {'o', 'k', ' ', (byte) 0xff, (byte) 0xfe, ' ', (byte) 0xc3, (byte) 0xa9, '\n'};

        assertThat(read(bytes, 100)).containsExactly("ok \uFFFD\uFFFD é");
    }

    @Test
    void linesSpanningManyReadBuffersAreJoined() throws IOException {
        String line = "y".repeat(200_000);

        assertThat(read(line + "\n" + line, 1_000_000)).containsExactly(line, line);
    }

    private static List<String> read(String text, int max) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), max);
    }

    private static List<String> read(byte[] bytes, int max) throws IOException {
        OutputLineReader reader = new OutputLineReader(new ByteArrayInputStream(bytes), max);
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }
}
