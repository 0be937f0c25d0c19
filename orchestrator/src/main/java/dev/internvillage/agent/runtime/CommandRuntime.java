package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.OutputRenderer;
import java.util.List;
import java.util.Map;

/** {@code AGENT_RUNTIME=command}: any command line ({@code AGENT_COMMAND}), run by {@code sh -c}. */
final class CommandRuntime implements AgentRuntime {

    private final String commandLine;

    CommandRuntime(String commandLine) {
        this.commandLine = commandLine;
    }

    @Override
    public List<String> command(AgentType role, Map<String, String> env) {
        return List.of("/bin/sh", "-c", commandLine);
    }

    @Override
    public OutputRenderer newRenderer() {
        return OutputRenderer.plain();
    }
}
