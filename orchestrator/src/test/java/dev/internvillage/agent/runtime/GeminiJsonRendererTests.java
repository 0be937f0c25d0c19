package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.RunUsage;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GeminiJsonRendererTests {

    static final String TRANSCRIPT = "/agents/gemini-transcript.jsonl";
    static final String SESSION = "c2a1d7f4-6b3e-4f8a-9d21-7e5b0c3a1f42";
    static final long TOKENS = 13_120;

    private final GeminiJsonRenderer renderer =
            new GeminiJsonRenderer(JsonMapper.builder().build());

    @Test
    void joinsTheAssistantsChunksAndReportsTheSessionModelAndTokens() {
        assertThat(Transcripts.render(renderer, Transcripts.lines(TRANSCRIPT)))
                .containsExactly(
                        "Session started: model gemini-2.5-pro",
                        "I'll look at the repository first.",
                        "→ run_shell_command: git ls-files",
                        "← README.md … (2 lines)",
                        "→ read_file: /tmp/repo/missing.py",
                        "← error: File not found: /tmp/repo/missing.py",
                        "Done: items have a due date.",
                        "Finished after 15.3 s, 2 tool calls, " + TOKENS + " tokens");
        assertThat(renderer.sessionId()).isEqualTo(SESSION);
        // input 12,500 of them 8,000 cached; output 600 and the 20 the total counts beyond the split
        assertThat(renderer.usage()).isEqualTo(new RunUsage("gemini-2.5-pro", 4_500, 620, 8_000, 0, TOKENS, null));
        assertThat(renderer.reportedError()).isNull();
    }

    @Test
    void anErrorResultIsTheRunsError() {
        List<String> lines = Transcripts.render(
                renderer,
                List.of("{\"type\":\"result\",\"status\":\"error\",\"error\":{\"type\":\"FatalTurnLimitedError\","
                        + "\"message\":\"Reached max session turns\"},\"stats\":{\"total_tokens\":10}}"));

        assertThat(lines.getLast()).isEqualTo("Error: gemini reported an error: Reached max session turns");
        assertThat(renderer.reportedError()).isEqualTo("gemini reported an error: Reached max session turns");
    }
}
