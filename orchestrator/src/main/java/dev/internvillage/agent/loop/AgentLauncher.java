package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentSettings;
import dev.internvillage.agent.RunService;
import dev.internvillage.agent.process.AgentProcess;
import dev.internvillage.agent.process.OutputRenderer;
import dev.internvillage.agent.runtime.AgentRuntime;
import dev.internvillage.runlog.LogWriteSignal;
import dev.internvillage.runlog.RunLogFormat;
import dev.internvillage.runlog.RunLogWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Starts an attempt's agent process with the configured runtime and waits for it. */
@Component
class AgentLauncher {

    /** Settings of the orchestrator an agent must not read from its environment. */
    private static final Set<String> SECRETS = Set.of(
            "SESSION_SECRET",
            "ENCRYPTION_KEY",
            "GITHUB_CLIENT_SECRET",
            "GITHUB_CLIENT_ID",
            "DATABASE_URL",
            // never set in our own environment (only in single git processes), but never passed on either
            "IV_GIT_TOKEN");

    private final AgentRuntime runtime;
    private final AgentSettings settings;
    private final RunLogFormat format;
    private final LogWriteSignal signal;
    private final RunService runs;

    AgentLauncher(
            AgentRuntime runtime, AgentSettings settings, RunLogFormat format, LogWriteSignal signal, RunService runs) {
        this.runtime = runtime;
        this.settings = settings;
        this.format = format;
        this.signal = signal;
        this.runs = runs;
    }

    /** What the process did. */
    record Outcome(
            AgentProcess.Result result,
            long tokens,
            @Nullable String reportedError,
            String lastStderrLine) {}

    /** The run's log, signalling readers on every flush. */
    RunLogWriter openLog(AgentRun run) {
        return RunLogWriter.open(runs.logFile(run), format, signal);
    }

    /** A file beside the run's log: {@code run-003.log} → {@code run-003<suffix>}. */
    Path besideLog(AgentRun run, String suffix) {
        Path log = runs.logFile(run);
        String name = log.getFileName().toString();
        return log.resolveSibling(name.substring(0, name.length() - ".log".length()) + suffix);
    }

    /**
     * Runs the agent in {@code workdir} with the CONTRACT §6 variables {@code ivEnv}, the prompt on
     * stdin; {@code onStart} receives the process at once, so it can be cancelled.
     */
    Outcome launch(
            AgentRun run,
            RunLogWriter log,
            Path workdir,
            Map<String, String> ivEnv,
            String prompt,
            Consumer<AgentProcess> onStart)
            throws IOException, InterruptedException {
        Map<String, String> env = environment(ivEnv);
        List<String> command = runtime.command(run.agentType(), env);
        OutputRenderer renderer = runtime.newRenderer();
        log.note("Starting "
                + settings.runtime().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + " agent (" + run.agentType().name().toLowerCase(java.util.Locale.ROOT) + ", attempt "
                + run.attemptNumber() + ") in " + workdir.getFileName());
        AgentProcess process = start(command, workdir, env, prompt, log, renderer);
        onStart.accept(process);
        AgentProcess.Result result = process.await();
        return new Outcome(result, renderer.tokenUsage(), renderer.reportedError(), process.lastStderrLine());
    }

    /** How a project's check command ended, and the end of its output. */
    record CheckOutcome(AgentProcess.Result result, String tail) {}

    /**
     * Runs the project's check command with {@code sh -c} in {@code workdir}, started exactly as the
     * agent is (same environment, same process set-up and isolation, same timeout), its output
     * (stderr merged into stdout) in the run's log behind {@link CheckOutput#PREFIX}.
     */
    CheckOutcome runCheck(
            RunLogWriter log,
            Path workdir,
            Map<String, String> ivEnv,
            String checkCommand,
            Consumer<AgentProcess> onStart)
            throws IOException, InterruptedException {
        CheckOutput output = new CheckOutput();
        log.note("Running the check: " + checkCommand);
        // one stream, so the kept tail interleaves errors and output as a terminal would
        List<String> command = List.of("sh", "-c", "exec 2>&1\n" + checkCommand);
        AgentProcess process = start(command, workdir, environment(ivEnv), "", log, output);
        onStart.accept(process);
        return new CheckOutcome(process.await(), output.tail());
    }

    /** The one place agent processes (and the checks run like them) are started. */
    private AgentProcess start(
            List<String> command,
            Path workdir,
            Map<String, String> env,
            String stdin,
            RunLogWriter log,
            OutputRenderer renderer)
            throws IOException {
        AgentProcess.Spec spec = new AgentProcess.Spec(
                command, workdir, env, stdin, settings.runTimeout(), settings.killGrace(), format.outputLineBytes());
        return AgentProcess.start(spec, log, renderer);
    }

    private Map<String, String> environment(Map<String, String> ivEnv) {
        Map<String, String> env = new HashMap<>(System.getenv());
        SECRETS.forEach(env::remove);
        if (!settings.extraPath().isEmpty()) {
            String extra = settings.extraPath().stream().map(Path::toString).collect(Collectors.joining(":"));
            env.put(
                    "PATH",
                    Stream.of(extra, env.getOrDefault("PATH", ""))
                            .filter(s -> !s.isEmpty())
                            .collect(Collectors.joining(":")));
        }
        env.putAll(runtime.environment());
        env.putAll(ivEnv);
        return env;
    }
}
