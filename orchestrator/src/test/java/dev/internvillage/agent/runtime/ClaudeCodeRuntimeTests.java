package dev.internvillage.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.internvillage.testing.AgentTestBase;
import dev.internvillage.testing.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The claude-code runtime against a fake {@code claude} on the agent's PATH that checks its
 * arguments and replays a recorded stream-json transcript.
 */
class ClaudeCodeRuntimeTests extends AgentTestBase {

    private static final Path DATA_DIR = createDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        agentProperties(registry, DATA_DIR, "agents-claude");
        registry.add("AGENT_RUNTIME", () -> "claude-code");
        registry.add("AGENT_EXTRA_PATH", () -> fakeClaude().toString());
    }

    @Test
    void thePlannersStreamJsonBecomesReadableLogLinesAndItsTokensAreCounted() {
        Api api = newUser();
        String taskId = createTask(api, createProject(api), "Add due dates", "Items get a due date");

        awaitTask(api, taskId, "ACTIVE");
        JsonNode run = plannerRuns(api, taskId).get(0);
        assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.path("token_usage").asLong()).isEqualTo(ClaudeStreamRendererTests.TRANSCRIPT_TOKENS);
        String log = api.get("/api/runs/" + run.path("id").asString() + "/logs")
                .json()
                .path("content")
                .asString();
        assertThat(log)
                .contains("] Session started: model claude-sonnet-4-5-20250929, 12 tools")
                .contains("] → Bash: git ls-files | head -50")
                .contains("] ← error: /bin/bash: line 1: python: command not found")
                .contains("] Storage first, then the UI and sorting in parallel.")
                .contains(
                        "] Finished after 48.2 s, 6 turns, " + ClaudeStreamRendererTests.TRANSCRIPT_TOKENS + " tokens")
                .doesNotContain("\"type\":\"assistant\"");
    }

    /** A directory with an executable {@code claude} that behaves like Claude Code headless. */
    private static Path fakeClaude() {
        try {
            Path transcript = Path.of(
                    Objects.requireNonNull(ClaudeCodeRuntimeTests.class.getResource("/agents/claude-transcript.jsonl"))
                            .toURI());
            Path dir = Files.createTempDirectory("fake-claude");
            // beside the program: a sandboxed agent sees AGENT_EXTRA_PATH, not the build's directories
            Path copy = Files.copy(transcript, dir.resolve("transcript.jsonl"));
            Path claude = dir.resolve("claude");
            Files.writeString(claude, """
                    #!/bin/sh
                    expected="--print --dangerously-skip-permissions --output-format stream-json --verbose"
                    if [ "$*" != "$expected" ]; then echo "unexpected arguments: $*" >&2; exit 2; fi
                    prompt="$(cat)"
                    if [ -z "$prompt" ]; then echo "no prompt on stdin" >&2; exit 2; fi
                    if [ "$IV_ROLE" = planner ]; then
                      printf '%%s' '{"spec":"s","subtasks":[{"key":"s1","title":"t","spec":"s","depends_on":[]}]}' > "$IV_PLAN_FILE"
                    fi
                    cat '%s'
                    """.formatted(copy));
            Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
