package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.AgentProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the runtimes of the agent CLIs (Claude Code, Codex, Gemini CLI, opencode) share: their program
 * ({@code AGENT_<NAME>_BIN}: a name looked up on the agent's PATH, {@code AGENT_EXTRA_PATH} included,
 * or a path), the model {@code AGENT_MODEL} passed on when set, the sandbox's view of the program, and
 * resumable sessions kept under a directory of the user's home.
 */
abstract class CliRuntime implements AgentRuntime {

    private final String program;
    private final @Nullable String model;

    CliRuntime(String program, @Nullable String model) {
        this.program = program;
        this.model = model;
    }

    /** The arguments after the program; {@code resume} is the session to continue, or null for a fresh one. */
    abstract List<String> arguments(AgentType role, @Nullable String model, @Nullable String resume);

    /** The session directory relative to HOME, unless {@link #sessionDirectory} finds it elsewhere. */
    abstract String sessionDirectoryInHome();

    @Override
    public final List<String> command(AgentType role, Map<String, String> env) {
        return withProgram(env, arguments(role, model, null));
    }

    @Override
    public final List<String> resumeCommand(AgentType role, Map<String, String> env, String sessionId) {
        return withProgram(env, arguments(role, model, sessionId));
    }

    @Override
    public final boolean canResume() {
        return true;
    }

    @Override
    public @Nullable Path sessionDirectory(Map<String, String> serverEnv) {
        String home = serverEnv.getOrDefault("HOME", System.getProperty("user.home", "/"));
        return Path.of(home).resolve(sessionDirectoryInHome()).normalize();
    }

    /**
     * The directory of the program and, when it is a link (npm's {@code bin} entry, a native
     * installer's {@code ~/.local/bin}), the directory of the program it points to.
     */
    @Override
    public final List<Path> readOnlyPaths(List<String> command) {
        Path executable = Path.of(command.getFirst());
        List<Path> paths = new ArrayList<>();
        if (executable.getParent() != null) {
            paths.add(executable.getParent());
        }
        try {
            Path real = executable.toRealPath();
            if (real.getParent() != null && !paths.contains(real.getParent())) {
                paths.add(real.getParent());
            }
        } catch (IOException e) {
            // not installed: the agent fails with "not found", as it would unsandboxed
        }
        return paths;
    }

    private List<String> withProgram(Map<String, String> env, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(AgentProcess.findExecutable(program, env.getOrDefault("PATH", ""))
                .toString());
        command.addAll(arguments);
        return command;
    }
}
