package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.AgentProcess;
import dev.internvillage.agent.process.OutputRenderer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code AGENT_RUNTIME=claude-code}: Claude Code headless, prompt on stdin, its stream-json output
 * rendered by {@link ClaudeStreamRenderer}. {@code claude} is looked up on the agent's PATH
 * (including {@code AGENT_EXTRA_PATH}).
 */
final class ClaudeCodeRuntime implements AgentRuntime {

    private final JsonMapper json;

    ClaudeCodeRuntime(JsonMapper json) {
        this.json = json;
    }

    @Override
    public List<String> command(AgentType role, Map<String, String> env) {
        String claude = AgentProcess.findExecutable("claude", env.getOrDefault("PATH", ""))
                .toString();
        return List.of(
                claude, "--print", "--dangerously-skip-permissions", "--output-format", "stream-json", "--verbose");
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

    /**
     * The directory {@code claude} is in and, when it is a link (npm's {@code bin} entry, the native
     * installer's {@code ~/.local/bin}), the directory of the program it points to.
     */
    @Override
    public List<Path> readOnlyPaths(List<String> command) {
        Path claude = Path.of(command.getFirst());
        List<Path> paths = new ArrayList<>();
        if (claude.getParent() != null) {
            paths.add(claude.getParent());
        }
        try {
            Path real = claude.toRealPath();
            if (real.getParent() != null && !paths.contains(real.getParent())) {
                paths.add(real.getParent());
            }
        } catch (IOException e) {
            // not installed: the agent fails with "not found", as it would unsandboxed
        }
        return paths;
    }

    @Override
    public OutputRenderer newRenderer() {
        return new ClaudeStreamRenderer(json);
    }
}
