package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentSettings;
import dev.internvillage.agent.RunService;
import dev.internvillage.agent.RunUsage;
import dev.internvillage.agent.cost.PriceTable;
import dev.internvillage.agent.process.AgentProcess;
import dev.internvillage.agent.process.AgentSandbox;
import dev.internvillage.agent.process.OutputRenderer;
import dev.internvillage.agent.runtime.AgentRuntime;
import dev.internvillage.runlog.LogWriteSignal;
import dev.internvillage.runlog.RunLogFormat;
import dev.internvillage.runlog.RunLogWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Starts an attempt's agent process with the configured runtime and waits for it. */
@Component
class AgentLauncher {

    /** The largest plan or result file read: far more than a valid one needs. */
    private static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

    private final AgentRuntime runtime;
    private final AgentSettings settings;
    private final RunLogFormat format;
    private final LogWriteSignal signal;
    private final RunService runs;
    private final AgentCommands commands;
    private final PriceTable prices;

    AgentLauncher(
            AgentRuntime runtime,
            AgentSettings settings,
            RunLogFormat format,
            LogWriteSignal signal,
            RunService runs,
            AgentCommands commands,
            PriceTable prices) {
        this.prices = prices;
        this.runtime = runtime;
        this.settings = settings;
        this.format = format;
        this.signal = signal;
        this.runs = runs;
        this.commands = commands;
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
     * Where the agent writes its plan or result ({@code suffix} {@code .plan.json} or {@code
     * .result.json}): a directory of its own beside the run's log, {@code agent-files/run-003<suffix>},
     * the only part of the log directory a sandboxed agent sees.
     */
    Path outputFile(AgentRun run, String suffix) throws IOException {
        Path inLogDirectory = besideLog(run, suffix);
        Path directory = Files.createDirectories(inLogDirectory.resolveSibling("agent-files"));
        return directory.resolve(inLogDirectory.getFileName());
    }

    /**
     * The agent's plan or result file, or null when it wrote none. A link or anything else that is not
     * a regular file counts as none: the agent made it, and reading through a link would read a file
     * of the server's choosing the agent itself cannot see.
     */
    static @Nullable String readOutput(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES + 1);
            if (bytes.length > MAX_OUTPUT_BYTES) {
                throw new IOException(file.getFileName() + " is larger than " + MAX_OUTPUT_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs the agent in {@code workdir} with the docs/agents.md variables {@code ivEnv}, the prompt on
     * stdin; {@code onStart} receives the process at once, so it can be cancelled. A follow-up of
     * {@code previous} (null for a first attempt and planners) continues its session where it can.
     * What the agent reported (model, tokens, cost, session) is recorded on the run when it ends.
     */
    Outcome launch(
            AgentRun run,
            RunLogWriter log,
            Path workdir,
            Map<String, String> ivEnv,
            String prompt,
            @Nullable AgentRun previous,
            Consumer<AgentProcess> onStart)
            throws IOException, InterruptedException {
        String runtimeName = settings.runtime().wireName();
        log.note("Starting " + runtimeName + " agent (" + run.agentType().name().toLowerCase(java.util.Locale.ROOT)
                + ", attempt " + run.attemptNumber() + ") in " + workdir.getFileName());
        String resume = null;
        if (previous != null) {
            AgentCommands.Session session =
                    commands.sessionAfter(previous.runtime(), previous.sessionId(), previous.attemptNumber());
            log.note(session.note());
            resume = session.resume();
        }
        runs.recordSession(run.id(), runtimeName, resume);
        OutputRenderer renderer = runtime.newRenderer(run.agentType(), workdir, resume);
        try (AgentSandbox.Prepared prepared =
                commands.prepare(run.agentType(), workdir, outputDirectory(ivEnv), ivEnv, resume)) {
            AgentProcess process = start(prepared, workdir, prompt, log, renderer);
            onStart.accept(process);
            AgentProcess.Result result = process.await();
            RunUsage usage = priced(renderer.usage(), log);
            runs.recordUsage(run.id(), usage, renderer.sessionId());
            return new Outcome(result, usage.totalTokens(), renderer.reportedError(), process.lastStderrLine());
        }
    }

    /**
     * The usage with its model ({@code AGENT_MODEL} when the output named none) and its cost: the
     * runtime's own figure, else the price table's (noted in the log, with the table's date), else null.
     */
    private RunUsage priced(RunUsage reported, RunLogWriter log) {
        RunUsage usage = reported.model() == null ? reported.withModel(settings.model()) : reported;
        if (usage.costUsd() != null || usage.totalTokens() == 0 || usage.model() == null) {
            return usage;
        }
        java.math.BigDecimal cost = prices.cost(usage);
        if (cost != null) {
            log.note(String.format(
                    java.util.Locale.ROOT,
                    "Cost $%.4f: %d tokens at the prices of %s (price table of %s)",
                    cost,
                    usage.totalTokens(),
                    usage.model(),
                    prices.takenOn()));
        }
        return usage.withCost(cost);
    }

    /** How a project's check command ended, and the end of its output. */
    record CheckOutcome(AgentProcess.Result result, String tail) {}

    /**
     * Runs the project's check command with {@code sh -c} in {@code workdir}, started exactly as the
     * agent is (same environment, same sandbox, same timeout), its output (stderr merged into stdout)
     * in the run's log behind {@link CheckOutput#PREFIX}.
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
        try (AgentSandbox.Prepared prepared =
                commands.prepareCheck(checkCommand, workdir, outputDirectory(ivEnv), ivEnv)) {
            AgentProcess process = start(prepared, workdir, "", log, output);
            onStart.accept(process);
            return new CheckOutcome(process.await(), output.tail());
        }
    }

    /** The directory the agent writes its plan or result into, the one writable place besides its workdir. */
    private static Path outputDirectory(Map<String, String> ivEnv) {
        Path file = Path.of(ivEnv.getOrDefault("IV_PLAN_FILE", ivEnv.getOrDefault("IV_RESULT_FILE", "")));
        return Objects.requireNonNull(file.getParent());
    }

    /** The one place agent processes (and the checks run like them) are started. */
    private AgentProcess start(
            AgentSandbox.Prepared prepared, Path workdir, String stdin, RunLogWriter log, OutputRenderer renderer)
            throws IOException {
        AgentProcess.Spec spec = new AgentProcess.Spec(
                prepared.command(),
                workdir,
                prepared.env(),
                stdin,
                settings.runTimeout(),
                settings.killGrace(),
                format.outputLineBytes());
        return AgentProcess.start(spec, log, renderer);
    }
}
