package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.OutputRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code AGENT_RUNTIME=acp}: any agent that speaks the Agent Client Protocol on stdio, started by
 * {@code sh -c} with {@code AGENT_ACP_COMMAND} (e.g. an ACP adapter of Claude Code, Codex or Gemini
 * CLI). The run is an {@link AcpSession}; a follow-up loads the earlier attempt's session where the
 * agent offers {@code session/load}, in the same command. The user can send it messages while it runs.
 */
final class AcpRuntime implements AgentRuntime {

    private final String commandLine;
    private final boolean allowPermissions;
    private final JsonMapper json;

    AcpRuntime(String commandLine, boolean allowPermissions, JsonMapper json) {
        this.commandLine = commandLine;
        this.allowPermissions = allowPermissions;
        this.json = json;
    }

    @Override
    public List<String> command(AgentType role, Map<String, String> env) {
        return List.of("/bin/sh", "-c", commandLine);
    }

    /** Whether a session can be loaded is the agent's to say ({@code loadSession}); the session asks it. */
    @Override
    public boolean canResume() {
        return true;
    }

    /** The same command: the session is loaded over the protocol, not by an argument. */
    @Override
    public List<String> resumeCommand(AgentType role, Map<String, String> env, String sessionId) {
        return command(role, env);
    }

    @Override
    public OutputRenderer newRenderer(AgentType role, Path workdir, @Nullable String resumeSession) {
        return new AcpSession(json, workdir.toAbsolutePath(), resumeSession, allowPermissions);
    }

    @Override
    public OutputRenderer newRenderer() {
        throw new UnsupportedOperationException(
                "an ACP session needs its worktree: newRenderer(role, workdir, resume)");
    }
}
