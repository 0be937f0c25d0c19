package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.agent.RunUsage;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OpencodeJsonRendererTests {

    static final String TRANSCRIPT = "/agents/opencode-transcript.jsonl";
    static final String SESSION = "ses_494719016ffe85dkDMj0FPRbHK";
    /** Both steps: input 1,500, output 280 (reasoning included), cache reads 19,500, cache writes 300. */
    static final long TOKENS = 1_500 + 280 + 19_500 + 300;

    static final BigDecimal COST = new BigDecimal("0.0163");

    private final OpencodeJsonRenderer renderer =
            new OpencodeJsonRenderer(JsonMapper.builder().build());

    @Test
    void rendersTheStepsAndAddsUpTheirTokensAndCosts() {
        assertThat(Transcripts.render(renderer, Transcripts.lines(TRANSCRIPT)))
                .containsExactly(
                        "Session started: " + SESSION,
                        "Let me look at the code.",
                        "→ bash: ls src",
                        "← items.py … (2 lines)",
                        "→ read: /tmp/repo/missing.py",
                        "← error: File not found: /tmp/repo/missing.py",
                        "Items have a due date now.",
                        "Finished (stop), " + TOKENS + " tokens, $0.0163");
        assertThat(renderer.sessionId()).isEqualTo(SESSION);
        assertThat(renderer.usage()).isEqualTo(new RunUsage(null, 1_500, 280, 19_500, 300, TOKENS, COST));
    }

    @Test
    void anErrorEventIsTheRunsError() {
        List<String> lines = Transcripts.render(
                renderer,
                List.of("{\"type\":\"error\",\"sessionID\":\"ses_1\",\"error\":{\"name\":\"ProviderAuthError\","
                        + "\"data\":{\"message\":\"no API key\"}}}"));

        assertThat(lines).containsExactly("Session started: ses_1", "Error: opencode reported an error: no API key");
        assertThat(renderer.reportedError()).isEqualTo("opencode reported an error: no API key");
    }
}
