package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.OutputRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code AGENT_RUNTIME=claude-code}: Claude Code headless ({@code claude --print}), the prompt and the
 * user's messages as stream-json lines on stdin ({@link ClaudeStreamSession}), its stream-json output
 * rendered by {@link ClaudeStreamRenderer}; a follow-up continues the session with {@code --resume <id>}.
 */
final class ClaudeCodeRuntime extends CliRuntime {

    private final JsonMapper json;

    ClaudeCodeRuntime(String program, @Nullable String model, JsonMapper json) {
        super(program, model);
        this.json = json;
    }

    @Override
    List<String> arguments(AgentType role, @Nullable String model, @Nullable String resume) {
        List<String> arguments = new ArrayList<>(List.of(
                "--print",
                "--dangerously-skip-permissions",
                "--input-format",
                "stream-json",
                "--output-format",
                "stream-json",
                "--verbose"));
        if (model != null) {
            arguments.addAll(List.of("--model", model));
        }
        if (resume != null) {
            arguments.addAll(List.of("--resume", resume));
        }
        return arguments;
    }

    /** Claude Code's own settings: its API key or token, another endpoint or model, where its state lives. */
    @Override
    public List<String> passedEnvironment() {
        return List.of(
                "ANTHROPIC_API_KEY",
                "ANTHROPIC_AUTH_TOKEN",
                "ANTHROPIC_BASE_URL",
                "ANTHROPIC_MODEL",
                "CLAUDE_CODE_OAUTH_TOKEN",
                "CLAUDE_CONFIG_DIR");
    }

    @Override
    String sessionDirectoryInHome() {
        return ".claude";
    }

    @Override
    public @Nullable Path sessionDirectory(Map<String, String> serverEnv) {
        String configDir = serverEnv.get("CLAUDE_CONFIG_DIR");
        return configDir != null ? Path.of(configDir) : super.sessionDirectory(serverEnv);
    }

    @Override
    public OutputRenderer newRenderer() {
        return new ClaudeStreamRenderer(json);
    }

    /** A session that takes the user's messages while it runs ({@code --input-format stream-json}). */
    @Override
    public OutputRenderer newRenderer(AgentType role, Path workdir, @Nullable String resumeSession) {
        return new ClaudeStreamSession(json);
    }
}
