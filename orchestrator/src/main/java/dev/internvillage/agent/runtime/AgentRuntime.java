package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.OutputRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One way of running an agent: a command line plus the renderer for its output. */
public interface AgentRuntime {

    /** The command line of a fresh session; {@code env} is the agent's environment (PATH included). */
    List<String> command(AgentType role, Map<String, String> env);

    /**
     * True when the runtime's CLI can continue an earlier session ({@link #resumeCommand}) whose id
     * its renderer reported ({@link OutputRenderer#sessionId()}).
     */
    default boolean canResume() {
        return false;
    }

    /** The command line that continues the session {@code sessionId}; only when {@link #canResume()}. */
    default List<String> resumeCommand(AgentType role, Map<String, String> env, String sessionId) {
        throw new UnsupportedOperationException("this runtime cannot resume a session");
    }

    /**
     * Where the CLI keeps its sessions on the host for the server's environment {@code serverEnv}
     * (HOME included): a sandboxed agent resumes one only when this directory is bound into its
     * sandbox, since its own HOME is thrown away after each run. Null when it cannot resume.
     */
    default @Nullable Path sessionDirectory(Map<String, String> serverEnv) {
        return null;
    }

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

    /**
     * The renderer of one run in {@code workdir} that continues {@code resumeSession} (null: a fresh
     * one); a runtime whose agent is a protocol peer returns a {@link
     * dev.internvillage.agent.process.SessionDriver}, which then drives the session itself.
     */
    default OutputRenderer newRenderer(AgentType role, Path workdir, @Nullable String resumeSession) {
        return newRenderer();
    }
}
