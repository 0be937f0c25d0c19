package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.OutputRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One way of running an agent: a command line plus the renderer for its output. */
public interface AgentRuntime {

    /** The command line; {@code env} is the agent's environment (PATH included). */
    List<String> command(AgentType role, Map<String, String> env);

    /** Extra environment variables for the agent process. */
    default Map<String, String> environment() {
        return Map.of();
    }

    /**
     * Names of the server's environment variables this runtime's CLI needs (e.g. its API key),
     * passed on when they are set.
     */
    default List<String> passedEnvironment() {
        return List.of();
    }

    /** Paths outside the system directories the command reads (its program files), for the sandbox. */
    default List<Path> readOnlyPaths(List<String> command) {
        return List.of();
    }

    /** A fresh renderer for one run's stdout. */
    OutputRenderer newRenderer();
}
