package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.RunUsage;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CodexJsonRendererTests {

    static final String TRANSCRIPT = "/agents/codex-transcript.jsonl";
    static final String THREAD = "0199a213-81c0-7800-8aa1-bbab2a035a53";
    /** The transcript's input (24,763, of them 24,448 cached) and output (122) tokens. */
    static final long TOKENS = 24_763 + 122;

    private final CodexJsonRenderer renderer =
            new CodexJsonRenderer(JsonMapper.builder().build());

    @Test
    void rendersARecordedTranscriptAndReportsTheThreadAndTheTokensWithoutAModelOrCost() {
        assertThat(Transcripts.render(renderer, Transcripts.lines(TRANSCRIPT)))
                .containsExactly(
                        "Session started: thread " + THREAD,
                        "→ Shell: bash -lc ls",
                        "← README.md … (2 lines)",
                        "→ Shell: bash -lc 'python -m pytest -q'",
                        "← error: bash: python: command not found",
                        "→ Edit: update /tmp/repo/src/items.py",
                        "Items now have a due date.",
                        "Turn finished, " + TOKENS + " tokens so far");
        assertThat(renderer.sessionId()).isEqualTo(THREAD);
        assertThat(renderer.usage()).isEqualTo(new RunUsage(null, 24_763 - 24_448, 122, 24_448, 0, TOKENS, null));
        assertThat(renderer.reportedError()).isNull();
    }

    @Test
    void aFailedTurnIsTheRunsError() {
        List<String> lines = Transcripts.render(
                renderer, List.of("{\"type\":\"turn.failed\",\"error\":{\"message\":\"stream disconnected\"}}"));

        assertThat(lines).containsExactly("Error: codex reported an error: stream disconnected");
        assertThat(renderer.reportedError()).isEqualTo("codex reported an error: stream disconnected");
    }
}
