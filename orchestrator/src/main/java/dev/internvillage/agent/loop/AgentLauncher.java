package dev.internvillage.agent.loop;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.AgentSettings;
import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.RunService;
import dev.internvillage.agent.RunUsage;
import dev.internvillage.agent.cost.PriceTable;
import dev.internvillage.agent.process.AgentProcess;
import dev.internvillage.agent.process.AgentSandbox;
import dev.internvillage.agent.process.OutputRenderer;
import dev.internvillage.agent.runtime.AgentChoice;
import dev.internvillage.agent.runtime.AgentRuntimes;
import dev.internvillage.project.AgentConfig;
import dev.internvillage.project.ProjectAgentSettings;
import dev.internvillage.runlog.RunLogFormat;
import dev.internvillage.runlog.RunLogWriter;
import dev.internvillage.runlog.SharedLogs;
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

    private final AgentRuntimes runtimes;
    private final ProjectAgentSettings projectSettings;
    private final AgentSettings settings;
    private final RunLogFormat format;
    private final SharedLogs logs;
    private final RunService runs;
    private final AgentCommands commands;
    private final PriceTable prices;

    AgentLauncher(
            AgentRuntimes runtimes,
            ProjectAgentSettings projectSettings,
            AgentSettings settings,
            RunLogFormat format,
            SharedLogs logs,
            RunService runs,
            AgentCommands commands,
            PriceTable prices) {
        this.prices = prices;
        this.runtimes = runtimes;
        this.projectSettings = projectSettings;
        this.settings = settings;
        this.format = format;
        this.logs = logs;
        this.runs = runs;
        this.commands = commands;
    }

    /**
     * How an attempt's agent runs in its project: the runtime and model for its role, the project's
     * variables (secrets decrypted) and its setup command. Its text form names no variable's value.
     */
    record Agent(
            AgentChoice choice,
            Map<String, String> projectEnv,
            java.util.Set<String> secretValues,
            @Nullable String setupCommand) {
        @Override
        public String toString() {
            return "Agent[" + choice.name() + ", variables " + projectEnv.keySet() + "]";
        }
    }

    /**
     * The agent for {@code run} by its project's agent settings.
     *
     * @throws IOException when the project chose a runtime this server cannot run, or its secrets
     *     cannot be decrypted
     */
    Agent agentFor(AgentRun run) throws IOException {
        AgentConfig config = projectSettings.config(run.projectId());
        boolean planner = run.agentType() == AgentType.PLANNER;
        AgentChoice choice;
        try {
            choice = runtimes.choose(config.runtimeFor(planner), config.modelFor(planner));
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "the project's agent settings choose a runtime this server cannot run: " + e.getMessage());
        }
        Map<String, String> env = new java.util.HashMap<>(config.env());
        Map<String, String> secrets;
        try {
            secrets = projectSettings.secrets(run.projectId());
        } catch (IllegalStateException e) {
            throw new IOException("the project's secret variables cannot be decrypted with the server's key"
                    + " (was ENCRYPTION_KEY changed?); set them again in the project's settings");
        }
        env.putAll(secrets);
        return new Agent(choice, Map.copyOf(env), java.util.Set.copyOf(secrets.values()), config.setupCommand());
    }

    /** What the process did. */
    record Outcome(
            AgentProcess.Result result,
            long tokens,
            @Nullable String reportedError,
            String lastStderrLine) {}

    /** The run's log, signalling readers on every flush and shared with the other instances. */
    RunLogWriter openLog(AgentRun run) {
        return logs.open(run.id().value(), run.projectId().value(), runs.logFile(run));
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
            Agent agent,
            AgentRun run,
            RunLogWriter log,
            Path workdir,
            Map<String, String> ivEnv,
            String prompt,
            @Nullable AgentRun previous,
            Consumer<AgentProcess> onStart)
            throws IOException, InterruptedException {
        String runtimeName = agent.choice().name();
        log.note("Starting " + runtimeName + " agent (" + run.agentType().name().toLowerCase(java.util.Locale.ROOT)
                + ", attempt " + run.attemptNumber() + ") in " + workdir.getFileName());
        String resume = null;
        if (previous != null) {
            AgentCommands.Session session = commands.sessionAfter(
                    agent.choice(), previous.runtime(), previous.sessionId(), previous.attemptNumber());
            log.note(session.note());
            resume = session.resume();
        }
        runs.recordSession(run.id(), runtimeName, resume);
        OutputRenderer renderer = agent.choice().runtime().newRenderer(run.agentType(), workdir, resume);
        try (AgentSandbox.Prepared prepared = commands.prepare(
                agent.choice(), run.agentType(), workdir, outputDirectory(ivEnv), agent.projectEnv(), ivEnv, resume)) {
            AgentProcess process = start(prepared, workdir, prompt, log, renderer, agent.secretValues());
            onStart.accept(process);
            AgentProcess.Result result = process.await();
            RunUsage usage = priced(renderer.usage(), agent.choice().model(), log);
            runs.recordUsage(run.id(), usage, renderer.sessionId());
            // a session driver reads the agent's output itself: what it reports is masked here
            String reported = renderer.reportedError();
            return new Outcome(
                    result,
                    usage.totalTokens(),
                    reported == null ? null : AgentProcess.mask(reported, agent.secretValues()),
                    process.lastStderrLine());
        }
    }

    /**
     * The usage with its model ({@code AGENT_MODEL} when the output named none) and its cost: the
     * runtime's own figure, else the price table's (noted in the log, with the table's date), else null.
     */
    private RunUsage priced(RunUsage reported, @Nullable String model, RunLogWriter log) {
        RunUsage usage = reported.model() == null ? reported.withModel(model) : reported;
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
            Agent agent,
            RunLogWriter log,
            Path workdir,
            Map<String, String> ivEnv,
            String checkCommand,
            Consumer<AgentProcess> onStart)
            throws IOException, InterruptedException {
        CheckOutput output = new CheckOutput();
        log.note("Running the check: " + checkCommand);
        try (AgentSandbox.Prepared prepared = commands.prepareCheck(
                agent.choice().runtime(), checkCommand, workdir, outputDirectory(ivEnv), agent.projectEnv(), ivEnv)) {
            AgentProcess process = start(prepared, workdir, "", log, output, agent.secretValues());
            onStart.accept(process);
            return new CheckOutcome(process.await(), output.tail());
        }
    }

    /**
     * Runs the project's setup command with {@code sh -c} in a new worktree before the worker, started
     * as the check is (same environment, sandbox and timeout), its output in the run's log behind
     * {@link CheckOutput#SETUP_PREFIX}.
     */
    CheckOutcome runSetup(
            Agent agent,
            RunLogWriter log,
            Path workdir,
            Map<String, String> ivEnv,
            String setupCommand,
            Consumer<AgentProcess> onStart)
            throws IOException, InterruptedException {
        CheckOutput output = new CheckOutput(CheckOutput.SETUP_PREFIX);
        log.note("Running the setup command: " + setupCommand);
        try (AgentSandbox.Prepared prepared = commands.prepareCheck(
                agent.choice().runtime(), setupCommand, workdir, outputDirectory(ivEnv), agent.projectEnv(), ivEnv)) {
            AgentProcess process = start(prepared, workdir, "", log, output, agent.secretValues());
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
            AgentSandbox.Prepared prepared,
            Path workdir,
            String stdin,
            RunLogWriter log,
            OutputRenderer renderer,
            java.util.Set<String> masked)
            throws IOException {
        AgentProcess.Spec spec = new AgentProcess.Spec(
                prepared.command(),
                workdir,
                prepared.env(),
                stdin,
                settings.runTimeout(),
                settings.killGrace(),
                format.outputLineBytes(),
                masked);
        return AgentProcess.start(spec, log, renderer);
    }
}
