package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.RunUsage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ClaudeStreamRendererTests {

    /** input + output + cache creation + cache read tokens of the transcript's result event. */
    static final long TRANSCRIPT_TOKENS = 30 + 679 + 6270 + 22070;

    static final String SESSION = "5f0d6c2e-8b1a-4c7e-9a51-2f0b3d7c9e11";

    private final ClaudeStreamRenderer renderer =
            new ClaudeStreamRenderer(JsonMapper.builder().build());

    @Test
    void rendersARecordedStreamJsonTranscriptIntoReadableLines() throws IOException {
        List<String> lines = render(transcript());

        assertThat(lines)
                .containsExactly(
                        "Session started: model claude-sonnet-4-5-20250929, 12 tools, in /tmp/repo",
                        "I'll start by exploring the repository structure to understand where due dates fit.",
                        "→ Bash: git ls-files | head -50",
                        "← README.md … (4 lines)",
                        "→ Read: /tmp/repo/src/items.py",
                        "← 1 class Item: … (3 lines)",
                        "→ Bash: python -m pytest -q",
                        "← error: /bin/bash: line 1: python: command not found",
                        "→ Write: /tmp/plan.json",
                        "← File created successfully at: /tmp/plan.json",
                        "The plan is written: three subtasks.\nStorage first, then the UI and sorting in parallel.",
                        "Finished after 48.2 s, 6 turns, " + TRANSCRIPT_TOKENS + " tokens, $0.0812");
        assertThat(renderer.tokenUsage()).isEqualTo(TRANSCRIPT_TOKENS);
        assertThat(renderer.usage())
                .isEqualTo(new RunUsage(
                        "claude-sonnet-4-5-20250929",
                        30,
                        679,
                        22070,
                        6270,
                        TRANSCRIPT_TOKENS,
                        new java.math.BigDecimal("0.0812")));
        assertThat(renderer.sessionId()).isEqualTo(SESSION);
        assertThat(renderer.reportedError()).isNull();
    }

    @Test
    void anErrorResultIsReportedAndCounted() {
        List<String> lines = render(
                List.of("{\"type\":\"result\",\"subtype\":\"error_max_turns\",\"is_error\":true,\"duration_ms\":1000,"
                        + "\"num_turns\":30,\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}"));

        assertThat(lines.getFirst()).startsWith("Failed (error_max_turns) after 1.0 s, 30 turns, 15 tokens");
        assertThat(renderer.reportedError()).isEqualTo("claude reported an error: error_max_turns");
        assertThat(renderer.tokenUsage()).isEqualTo(15);
    }

    @Test
    void linesThatAreNotJsonArePassedThroughAndBrokenJsonDoesNotThrow() {
        assertThat(render(List.of("plain text", "{not json", "", "{\"type\":\"stream_event\"}")))
                .containsExactly("plain text", "{not json");
    }

    @Test
    void longToolArgumentsAndResultsAreAbbreviated() {
        String command = "x".repeat(500);
        List<String> lines = render(List.of("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\","
                + "\"name\":\"Bash\",\"input\":{\"command\":\"" + command + "\"}}]}}"));

        assertThat(lines.getFirst()).hasSize("→ Bash: ".length() + JsonStreamRenderer.RESULT_PREVIEW_CHARS + 1);
    }

    private List<String> render(List<String> input) {
        List<String> lines = new ArrayList<>();
        input.forEach(line -> renderer.render(line, lines::add));
        return lines;
    }

    static List<String> transcript() throws IOException {
        try (InputStream in = ClaudeStreamRendererTests.class.getResourceAsStream("/agents/claude-transcript.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
