package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.AgentProcess;
import dev.internvillage.agent.process.OutputRenderer;
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

    @Override
    public OutputRenderer newRenderer() {
        return new ClaudeStreamRenderer(json);
    }
}
