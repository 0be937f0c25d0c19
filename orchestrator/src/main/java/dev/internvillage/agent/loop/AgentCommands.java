package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.AgentSandbox;
import dev.internvillage.agent.runtime.AgentChoice;
import dev.internvillage.agent.runtime.AgentRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * An attempt's command line and environment: the runtime's command, confined by the sandbox, with an
 * environment built from nothing. Of the server's own environment an agent gets only what programs
 * need to run, what its runtime's CLI reads (e.g. Claude Code's API key) and what {@code AGENT_ENV}
 * names; never the server's secrets.
 */
@Component
class AgentCommands {

    /** Variables of the server's environment every agent gets when they are set. */
    static final List<String> BASE_ENVIRONMENT = List.of(
            "PATH",
            "LANG",
            "LANGUAGE",
            "LC_ALL",
            "LC_CTYPE",
            "LC_MESSAGES",
            "TERM",
            "TZ",
            "USER",
            "LOGNAME",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "no_proxy");

    private final AgentSettings settings;
    private final AgentSandbox sandbox;

    AgentCommands(AgentSettings settings, AgentSandbox sandbox) {
        this.settings = settings;
        this.sandbox = sandbox;
    }

    /**
     * The command for an agent of {@code choice} in {@code workdir} that writes its plan or result into
     * {@code outputDirectory}, with the project's variables {@code projectEnv} and the docs/agents.md
     * variables {@code ivEnv}; close it once the agent has ended.
     */
    AgentSandbox.Prepared prepare(
            AgentChoice choice,
            AgentType role,
            Path workdir,
            Path outputDirectory,
            Map<String, String> projectEnv,
            Map<String, String> ivEnv,
            @Nullable String resumeSession)
            throws IOException {
        AgentRuntime runtime = choice.runtime();
        Map<String, String> env = environment(runtime, System.getenv(), projectEnv, ivEnv);
        List<String> command =
                resumeSession == null ? runtime.command(role, env) : runtime.resumeCommand(role, env, resumeSession);
        return sandbox.prepare(command, env, workdir, outputDirectory, runtime.readOnlyPaths(command));
    }

    /**
     * The command that runs a project's check command with {@code sh -c} (stderr merged into stdout,
     * so its kept tail interleaves both as a terminal would) in the same sandbox and with the same
     * environment as an agent in {@code workdir}: a check runs the agent's code, so it is confined alike.
     */
    AgentSandbox.Prepared prepareCheck(
            AgentRuntime runtime,
            String checkCommand,
            Path workdir,
            Path outputDirectory,
            Map<String, String> projectEnv,
            Map<String, String> ivEnv)
            throws IOException {
        Map<String, String> env = environment(runtime, System.getenv(), projectEnv, ivEnv);
        List<String> command = List.of("sh", "-c", "exec 2>&1\n" + checkCommand);
        return sandbox.prepare(command, env, workdir, outputDirectory, List.of());
    }

    /** The session an attempt continues (null: a fresh one), and the log note that says which and why. */
    record Session(@Nullable String resume, String note) {
        static Session fresh(String why) {
            return new Session(null, "Fresh session: " + why);
        }
    }

    /**
     * Whether a follow-up attempt continues the session of the attempt before it ({@code previous}):
     * only when the runtime can resume, the same runtime ran that attempt and reported its session,
     * and the session is still there: a sandboxed agent's HOME is thrown away after each run, so its
     * CLI's sessions survive only in a directory {@code AGENT_SANDBOX_BIND} binds.
     */
    Session sessionAfter(
            AgentChoice choice,
            @Nullable String previousRuntime,
            @Nullable String previousSession,
            int previousAttempt) {
        return session(
                new Previous(previousRuntime, previousSession, previousAttempt),
                choice.name(),
                choice.runtime().canResume(),
                sandbox.confines() ? settings.sandboxBinds() : null,
                choice.runtime().sessionDirectory(System.getenv()));
    }

    /** The attempt a follow-up comes after: its runtime, the session it reported, its number. */
    record Previous(@Nullable String runtime, @Nullable String session, int attempt) {}

    /**
     * {@link #sessionAfter}'s rule: {@code binds} are what the sandbox binds (null when agents run
     * unsandboxed, so their CLI's sessions stay in its own directory), {@code store} that directory.
     */
    static Session session(
            Previous previous,
            String runtimeName,
            boolean canResume,
            @Nullable List<Path> binds,
            @Nullable Path store) {
        if (!canResume) {
            return Session.fresh("the " + runtimeName + " runtime cannot resume a session");
        }
        if (previous.session() == null) {
            return Session.fresh("attempt " + previous.attempt() + " reported no session");
        }
        if (!runtimeName.equals(previous.runtime())) {
            return Session.fresh("attempt " + previous.attempt() + " ran on another runtime ("
                    + (previous.runtime() == null ? "unknown" : previous.runtime()) + ")");
        }
        if (binds != null && (store == null || binds.stream().noneMatch(store::startsWith))) {
            return Session.fresh("the sandbox keeps no " + runtimeName
                    + " sessions between runs (bind the CLI's session directory with AGENT_SANDBOX_BIND to resume"
                    + " them)");
        }
        return new Session(
                previous.session(), "Resuming session " + previous.session() + " of attempt " + previous.attempt());
    }

    /**
     * The agent's environment: what it needs of the server's, its runtime's variables, then the
     * project's own ({@code projectEnv}, secrets included: its settings refuse the names set here
     * after it), then the docs/agents.md variables, which nothing overrides.
     */
    Map<String, String> environment(
            AgentRuntime runtime,
            Map<String, String> server,
            Map<String, String> projectEnv,
            Map<String, String> ivEnv) {
        Map<String, String> env = new HashMap<>();
        Stream.of(BASE_ENVIRONMENT, runtime.passedEnvironment(), settings.passedEnvironment())
                .flatMap(List::stream)
                .filter(name -> !AgentSettings.SERVER_SECRETS.contains(name) && server.containsKey(name))
                .forEach(name -> env.put(name, server.get(name)));
        if (!settings.extraPath().isEmpty()) {
            String extra = settings.extraPath().stream().map(Path::toString).collect(Collectors.joining(":"));
            env.put(
                    "PATH",
                    Stream.of(extra, env.getOrDefault("PATH", ""))
                            .filter(s -> !s.isEmpty())
                            .collect(Collectors.joining(":")));
        }
        env.putAll(runtime.environment());
        env.putAll(projectEnv);
        env.putAll(ivEnv);
        return env;
    }
}
