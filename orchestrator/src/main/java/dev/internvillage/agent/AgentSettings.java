package dev.internvillage.agent;

import dev.internvillage.common.InvalidSettingException;
import dev.internvillage.common.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * How agents run (the README configuration table and the agents issue). The contract's units are what users set; the
 * finer-grained overrides ({@code AGENT_RUN_TIMEOUT_S}, {@code AGENT_BACKOFF_BASE_MS}) exist so tests
 * and demos need not wait minutes.
 */
@Component
public class AgentSettings {

    /** Which agent CLI runs. */
    public enum Runtime {
        DEMO,
        CLAUDE_CODE,
        CODEX,
        GEMINI,
        OPENCODE,
        COMMAND,
        ACP;

        /** True when its running agents read messages from the user ("Tell the agent…"). */
        public boolean takesInput() {
            return this == ACP || this == CLAUDE_CODE;
        }

        /** As {@code AGENT_RUNTIME} names it, e.g. {@code claude-code}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** How agent processes are confined ({@code AGENT_SANDBOX}); unset means bwrap where it works. */
    public enum Sandbox {
        BWRAP,
        NONE
    }

    /** How an ACP agent's permission requests are answered ({@code AGENT_ACP_PERMISSIONS}). */
    public enum AcpPermissions {
        /** Allowed: the agent works inside its sandbox and worktree anyway. */
        ALLOW,
        /** Every request rejected: the agent does only what needs no permission. */
        DENY
    }

    /** {@code AGENT_NETWORK}. */
    public enum Network {
        ON,
        OFF
    }

    /** Settings of the orchestrator an agent never gets in its environment, even when {@code AGENT_ENV} names them. */
    public static final Set<String> SERVER_SECRETS = Set.of(
            "SESSION_SECRET",
            "ENCRYPTION_KEY",
            "GITHUB_CLIENT_SECRET",
            "GITHUB_CLIENT_ID",
            "DATABASE_URL",
            "NOTIFY_WEBHOOK_URL",
            "GITHUB_WEBHOOK_SECRET",
            // never set in our own environment (only in single git processes), but never passed on either
            "IV_GIT_TOKEN");

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Runtime runtime;
    private final @Nullable String command;
    private final @Nullable String program;
    private final Map<Runtime, String> programs;
    private final @Nullable String acpCommand;
    private final AcpPermissions acpPermissions;
    private final @Nullable String model;
    private final @Nullable Path pricesFile;
    private final int maxRetries;
    private final int maxConcurrent;
    private final int maxConcurrentPerUser;
    private final Duration runTimeout;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final Duration killGrace;
    private final int demoLineDelayMs;
    private final int demoFailurePercent;
    private final int demoWorkerFailurePercent;
    private final List<Path> extraPath;
    private final @Nullable Sandbox sandbox;
    private final List<Path> sandboxBinds;
    private final Network network;
    private final List<String> passedEnvironment;
    private final boolean enabled;

    public AgentSettings(Settings settings) {
        this.runtime = settings.choice("AGENT_RUNTIME", Runtime.class, Runtime.DEMO);
        this.command = settings.optional("AGENT_COMMAND");
        if (runtime == Runtime.COMMAND && command == null) {
            throw new InvalidSettingException("AGENT_COMMAND", "must be set when AGENT_RUNTIME=command");
        }
        this.programs = Map.of(
                Runtime.CLAUDE_CODE, settings.string("AGENT_CLAUDE_BIN", "claude"),
                Runtime.CODEX, settings.string("AGENT_CODEX_BIN", "codex"),
                Runtime.GEMINI, settings.string("AGENT_GEMINI_BIN", "gemini"),
                Runtime.OPENCODE, settings.string("AGENT_OPENCODE_BIN", "opencode"));
        this.program = programs.get(runtime);
        this.acpCommand = settings.optional("AGENT_ACP_COMMAND");
        if (runtime == Runtime.ACP && acpCommand == null) {
            throw new InvalidSettingException("AGENT_ACP_COMMAND", "must be set when AGENT_RUNTIME=acp");
        }
        this.acpPermissions = settings.choice("AGENT_ACP_PERMISSIONS", AcpPermissions.class, AcpPermissions.ALLOW);
        this.model = settings.optional("AGENT_MODEL");
        String prices = settings.optional("AGENT_PRICES_FILE");
        this.pricesFile = prices == null
                ? null
                : Path.of(prices.startsWith("~/") ? System.getProperty("user.home") + prices.substring(1) : prices);
        this.maxRetries = settings.integer("AGENT_MAX_RETRIES", 10, 1, 100);
        this.maxConcurrent = settings.integer("AGENT_MAX_CONCURRENT", 4, 1, 256);
        this.maxConcurrentPerUser =
                settings.integer("AGENT_MAX_CONCURRENT_PER_USER", defaultPerUser(settings, maxConcurrent), 1, 256);
        int timeoutSeconds = settings.integer("AGENT_RUN_TIMEOUT_S", 0, 0, 7 * 24 * 3600);
        this.runTimeout = timeoutSeconds > 0
                ? Duration.ofSeconds(timeoutSeconds)
                : Duration.ofMinutes(settings.integer("AGENT_RUN_TIMEOUT_M", 60, 1, 7 * 24 * 60));
        this.backoffBase = Duration.ofMillis(settings.integer("AGENT_BACKOFF_BASE_MS", 5_000, 0, 3_600_000));
        this.backoffMax = Duration.ofMillis(settings.integer("AGENT_BACKOFF_MAX_MS", 120_000, 0, 3_600_000));
        this.killGrace = Duration.ofMillis(settings.integer("AGENT_KILL_GRACE_MS", 5_000, 0, 600_000));
        this.demoLineDelayMs = settings.integer("AGENT_DEMO_LINE_DELAY_MS", 120, 0, 10_000);
        this.demoFailurePercent = settings.integer("AGENT_DEMO_FAILURE_PERCENT", 0, 0, 100);
        this.demoWorkerFailurePercent =
                settings.integer("AGENT_DEMO_WORKER_FAILURE_PERCENT", demoFailurePercent, 0, 100);
        String extra = settings.optional("AGENT_EXTRA_PATH");
        this.extraPath = extra == null
                ? List.of()
                : Arrays.stream(extra.split(":"))
                        .filter(s -> !s.isBlank())
                        .map(Path::of)
                        .toList();
        this.sandbox = settings.optional("AGENT_SANDBOX") == null
                ? null
                : settings.choice("AGENT_SANDBOX", Sandbox.class, Sandbox.BWRAP);
        this.sandboxBinds = list(settings, "AGENT_SANDBOX_BIND").stream()
                .map(value -> absolutePath("AGENT_SANDBOX_BIND", value))
                .toList();
        this.network = settings.choice("AGENT_NETWORK", Network.class, Network.ON);
        this.passedEnvironment = list(settings, "AGENT_ENV");
        passedEnvironment.stream()
                .filter(name -> !VARIABLE_NAME.matcher(name).matches())
                .findFirst()
                .ifPresent(name -> {
                    throw new InvalidSettingException("AGENT_ENV", "must list variable names, but has '" + name + "'");
                });
        passedEnvironment.stream().filter(SERVER_SECRETS::contains).findFirst().ifPresent(name -> {
            throw new InvalidSettingException("AGENT_ENV", "must not name the server's secret " + name);
        });
        this.enabled = Boolean.parseBoolean(settings.string("internvillage.agents.enabled", "true"));
    }

    public Runtime runtime() {
        return runtime;
    }

    /** The command line of the {@code command} runtime, run by {@code sh -c}. */
    public @Nullable String command() {
        return command;
    }

    /** The command line of the {@code acp} runtime's agent ({@code AGENT_ACP_COMMAND}), run by {@code sh -c}. */
    public @Nullable String acpCommand() {
        return acpCommand;
    }

    /** {@code AGENT_ACP_PERMISSIONS}: allow (the default) or deny an ACP agent's permission requests. */
    public AcpPermissions acpPermissions() {
        return acpPermissions;
    }

    /**
     * The program of an agent CLI runtime ({@code AGENT_CLAUDE_BIN}, {@code AGENT_CODEX_BIN}, {@code
     * AGENT_GEMINI_BIN}, {@code AGENT_OPENCODE_BIN}): a name looked up on the agent's PATH, or a path;
     * null for the demo and command runtimes.
     */
    public @Nullable String program() {
        return program;
    }

    /**
     * {@code AGENT_MODEL}: the model the CLI runtimes are asked for ({@code --model}), and the run's
     * model when the CLI's output names none (Codex, opencode); null leaves the choice to the CLI.
     */
    public @Nullable String model() {
        return model;
    }

    /** The program of the CLI runtime {@code cli}, as {@link #program()} for the server's own runtime. */
    public String program(Runtime cli) {
        String found = programs.get(cli);
        if (found == null) {
            throw new IllegalArgumentException(cli.wireName() + " is not a CLI runtime");
        }
        return found;
    }

    /** {@code AGENT_PRICES_FILE}: a price table in place of the bundled one; null for the bundled one. */
    public @Nullable Path pricesFile() {
        return pricesFile;
    }

    /** Attempts per loop (docs/agents.md: 10). */
    public int maxRetries() {
        return maxRetries;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** Agents one user may run at once; their further runs wait as QUEUED even while slots are free. */
    public int maxConcurrentPerUser() {
        return maxConcurrentPerUser;
    }

    /**
     * Local mode has one user, who may use every slot. A hosted server gives one user half of them
     * (at least one), so whatever one user starts, another user's agents still get slots.
     */
    private static int defaultPerUser(Settings settings, int maxConcurrent) {
        boolean hosted = "github".equalsIgnoreCase(settings.string("AUTH_MODE", "local"));
        return hosted ? Math.max(1, maxConcurrent / 2) : maxConcurrent;
    }

    public Duration runTimeout() {
        return runTimeout;
    }

    /**
     * The wait before attempt {@code n + 1} after {@code n} failures, before jitter: {@code
     * min(base·2^(n-1), max)}; with the defaults 5, 10, 20, 40, 80, 120, 120 … seconds.
     */
    public Duration backoff(int failures) {
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 20);
        long millis = Math.min(backoffBase.toMillis() * factor, backoffMax.toMillis());
        return Duration.ofMillis(millis);
    }

    /** How long a process gets between SIGTERM and SIGKILL. */
    public Duration killGrace() {
        return killGrace;
    }

    public int demoLineDelayMs() {
        return demoLineDelayMs;
    }

    public int demoFailurePercent() {
        return demoFailurePercent;
    }

    /** The demo worker's own failure chance (defaults to {@link #demoFailurePercent}): retries without a failing planner. */
    public int demoWorkerFailurePercent() {
        return demoWorkerFailurePercent;
    }

    /** Directories put in front of PATH for agent processes (e.g. where {@code claude} lives). */
    public List<Path> extraPath() {
        return extraPath;
    }

    /** {@code AGENT_SANDBOX} as set; {@code null} when unset (then bwrap where it works, else none). */
    public @Nullable Sandbox requestedSandbox() {
        return sandbox;
    }

    /** Host paths an agent's sandbox binds read-write at the same place ({@code AGENT_SANDBOX_BIND}). */
    public List<Path> sandboxBinds() {
        return sandboxBinds;
    }

    /** False with {@code AGENT_NETWORK=off}: a sandboxed agent then has a network namespace of its own. */
    public boolean network() {
        return network == Network.ON;
    }

    /** Names of the server's environment variables an agent also gets ({@code AGENT_ENV}). */
    public List<String> passedEnvironment() {
        return passedEnvironment;
    }

    /**
     * False only in tests of the foundation that drive plans by hand: then no agent loop starts and
     * nothing is recovered at start-up.
     */
    public boolean enabled() {
        return enabled;
    }

    private static List<String> list(Settings settings, String name) {
        String value = settings.optional(name);
        return value == null
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    private static Path absolutePath(String name, String value) {
        String expanded = value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value;
        Path path = Path.of(expanded);
        if (!path.isAbsolute()) {
            throw new InvalidSettingException(name, "must list absolute paths, but has '" + value + "'");
        }
        return path.normalize();
    }
}
