package dev.internvillage.agent.runtime;

import dev.internvillage.agent.process.OutputRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Recorded outputs of the agent CLIs ({@code /agents/<cli>-transcript.jsonl}) and what a renderer makes of them. */
final class Transcripts {

    private Transcripts() {}

    static List<String> lines(String resource) {
        try (InputStream in = Objects.requireNonNull(Transcripts.class.getResourceAsStream(resource), resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> render(OutputRenderer renderer, List<String> input) {
        List<String> lines = new ArrayList<>();
        input.forEach(line -> renderer.render(line, lines::add));
        return lines;
    }
}
