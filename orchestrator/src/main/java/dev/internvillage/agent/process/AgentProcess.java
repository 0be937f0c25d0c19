package dev.internvillage.agent.process;

import dev.internvillage.runlog.OutputLineReader;
import dev.internvillage.runlog.RunLogFormat;
import dev.internvillage.runlog.RunLogWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent process: started with its prompt on stdin, stdout (through the runtime's renderer)
 * and stderr read at the same time into the run's log, and ended by exit, timeout or cancel. On
 * timeout or cancel the whole process tree is killed: the process runs in a session of its own
 * (via {@code setsid}), so even children that left the tree are in its process group.
 */
public final class AgentProcess {

    private static final Logger log = LoggerFactory.getLogger(AgentProcess.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(3);

    /** What to run. */
    public record Spec(
            List<String> command,
            Path workdir,
            Map<String, String> env,
            String stdin,
            Duration timeout,
            Duration killGrace,
            int maxLineBytes,
            Set<String> masked) {

        /** The text form names the variables, never their values (they may be a project's secrets). */
        @Override
        public String toString() {
            return "Spec[" + command + " in " + workdir + ", variables " + env.keySet() + "]";
        }
    }

    /** What stands in a log line for a value of {@link Spec#masked}. */
    public static final String MASK = "[secret]";

    /** How the process ended. */
    public enum Ending {
        EXITED,
        TIMED_OUT,
        CANCELLED
    }

    /** The outcome; {@code exitCode} is meaningful for {@link Ending#EXITED}. */
    public record Result(Ending ending, int exitCode) {
        public boolean succeeded() {
            return ending == Ending.EXITED && exitCode == 0;
        }
    }

    private final Process process;
    private final Spec spec;
    private final boolean ownProcessGroup;
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final @org.jspecify.annotations.Nullable SessionDriver driver;
    private volatile boolean cancelled;
    private volatile boolean endedAfterSession;
    private volatile String lastStderrLine = "";

    private AgentProcess(
            Process process, Spec spec, boolean ownProcessGroup, RunLogWriter runLog, OutputRenderer renderer) {
        this.process = process;
        this.spec = spec;
        this.ownProcessGroup = ownProcessGroup;
        this.driver = renderer instanceof SessionDriver sessionDriver ? sessionDriver : null;
        this.stdoutReader = Thread.ofVirtual()
                .name("agent-stdout-" + process.pid())
                .start(
                        driver != null
                                ? () -> driveSession(driver, runLog)
                                : () -> pump(
                                        process.getInputStream(),
                                        runLog,
                                        // masked before rendering: what a renderer keeps (a check's tail for the
                                        // next prompt) is masked too
                                        line -> renderer.render(mask(line, spec.masked()), runLog::line)));
        this.stderrReader = Thread.ofVirtual()
                .name("agent-stderr-" + process.pid())
                .start(() -> pump(process.getErrorStream(), runLog, raw -> {
                    String line = mask(raw, spec.masked());
                    if (!line.isBlank()) {
                        lastStderrLine = line;
                    }
                    runLog.line(RunLogFormat.STDERR_TAG + line);
                }));
        if (driver == null) {
            Thread.ofVirtual().name("agent-stdin-" + process.pid()).start(this::writeStdin);
        }
    }

    /**
     * {@code line} with every value of {@code masked} replaced by {@link #MASK}: an agent that prints a
     * project secret (e.g. runs {@code env}) does not put it into the run's log or an error message.
     */
    public static String mask(String line, Set<String> masked) {
        String out = line;
        for (String value : masked) {
            if (!value.isEmpty() && out.contains(value)) {
                out = out.replace(value, MASK);
            }
        }
        return out;
    }

    /** Starts the process; its output goes to {@code runLog} until it ends. */
    public static AgentProcess start(Spec spec, RunLogWriter runLog, OutputRenderer renderer) throws IOException {
        boolean ownGroup = Files.isExecutable(SETSID);
        List<String> command = new ArrayList<>();
        if (ownGroup) {
            // --wait: should setsid need to fork, it still waits for the agent and passes on its exit code
            command.addAll(List.of(SETSID.toString(), "--wait"));
        }
        command.addAll(spec.command());
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(spec.workdir().toFile());
        // exactly the environment given: the caller decides what the agent may see
        builder.environment().clear();
        builder.environment().putAll(spec.env());
        Process process = startFromOwnThread(builder);
        return new AgentProcess(process, spec, ownGroup, runLog, renderer);
    }

    /**
     * Starts the process from a platform thread that lives until it ends. A sandboxed agent dies with
     * its parent ({@code bwrap --die-with-parent}), and to the kernel that parent is the thread that
     * started it: started from a virtual thread's carrier, which the scheduler may retire, an agent
     * would be killed in mid-run.
     */
    private static Process startFromOwnThread(ProcessBuilder builder) throws IOException {
        java.util.concurrent.CompletableFuture<Process> started = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().daemon().name("agent-parent").start(() -> {
            Process process;
            try {
                process = builder.start();
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(process);
            while (process.isAlive()) {
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    // only the process's end releases this thread
                }
            }
        });
        try {
            return started.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the process to end (or its timeout), then for its output to be read to the end. */
    public Result await() throws InterruptedException {
        boolean exited = process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Ending ending;
        if (cancelled) {
            ending = Ending.CANCELLED;
        } else if (!exited) {
            killTree();
            ending = cancelled ? Ending.CANCELLED : Ending.TIMED_OUT;
        } else {
            ending = Ending.EXITED;
        }
        process.waitFor();
        drainOutput();
        if (ending == Ending.EXITED && endedAfterSession) {
            // its session was over and it lingered: ending it was our doing, not a failure of the agent
            return new Result(Ending.EXITED, 0);
        }
        return new Result(ending, process.exitValue());
    }

    /**
     * Kills the process tree; {@link #await} then returns {@link Ending#CANCELLED}. An agent driven
     * through a session is first asked to stop its turn, and gets the grace time to end by itself.
     */
    public void cancel() {
        cancelled = true;
        if (driver != null && process.isAlive() && driver.cancel()) {
            try {
                process.waitFor(spec.killGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        killTree();
    }

    /** True while the agent runs in a session that takes messages from the user. */
    public boolean acceptsInput() {
        return driver != null && process.isAlive();
    }

    /**
     * Hands the running agent a message from the user.
     *
     * @return false when it takes none (its runtime has no session, or the session is over)
     */
    public boolean send(String text) {
        return acceptsInput() && java.util.Objects.requireNonNull(driver).send(text);
    }

    /** The last non-blank line the agent wrote to stderr, often the reason it failed. */
    public String lastStderrLine() {
        return lastStderrLine;
    }

    /** True once the process itself has ended. */
    public boolean hasEnded() {
        return !process.isAlive();
    }

    private void drainOutput() throws InterruptedException {
        // a child that outlived the agent may still hold its stdout open: give the readers a moment,
        // then end the whole group so the pipes close
        if (!stdoutReader.join(DRAIN_WAIT) || !stderrReader.join(DRAIN_WAIT)) {
            signalGroup("KILL");
            stdoutReader.join(DRAIN_WAIT);
            stderrReader.join(DRAIN_WAIT);
        }
    }

    /** SIGTERM to the group and every descendant; SIGKILL to whatever is left after the grace time. */
    private void killTree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        signalGroup("TERM");
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + spec.killGrace().toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // still alive after the grace time: killed below
            }
        }
        signalGroup("KILL");
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void signalGroup(String signal) {
        if (ownProcessGroup) {
            signal(signal, -process.pid());
        }
    }

    private void writeStdin() {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(spec.stdin().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the agent closed its stdin or exited without reading the prompt; its exit tells the rest
            log.debug("agent {} did not read its whole prompt: {}", process.pid(), e.getMessage());
        }
    }

    /**
     * Lets the driver run the session on the process's pipes; once it is over, stdin is closed (the
     * agent's cue to exit) and an agent still there after the grace time is ended.
     */
    private void driveSession(SessionDriver sessionDriver, RunLogWriter runLog) {
        try (InputStream out = process.getInputStream();
                OutputStream in = process.getOutputStream()) {
            sessionDriver.drive(spec.stdin(), out, in, line -> {
                runLog.line(mask(line, spec.masked()));
                runLog.flush();
            });
        } catch (IOException e) {
            log.debug("session with agent {} ended: {}", process.pid(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("cannot drive the session of agent {}", process.pid(), e);
        } finally {
            runLog.flush();
        }
        try {
            if (!cancelled && !process.waitFor(spec.killGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                endedAfterSession = true;
                killTree();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(InputStream stream, RunLogWriter runLog, Consumer<String> onLine) {
        OutputLineReader reader = new OutputLineReader(stream, spec.maxLineBytes());
        try (stream) {
            String line;
            while ((line = reader.readLine()) != null) {
                onLine.accept(line);
                // one flush (and one wake-up for readers) per burst, not per line
                if (!reader.hasBufferedInput()) {
                    runLog.flush();
                }
            }
        } catch (IOException e) {
            log.debug("output of agent {} ended: {}", process.pid(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("cannot record output of agent {}", process.pid(), e);
        } finally {
            runLog.flush();
        }
    }

    /**
     * Ends agents a crashed orchestrator left behind: every process of this user whose environment
     * has {@code IV_RUN_ID} set to one of {@code runIds}, with its process group. Found through
     * {@code /proc}, so it works even when the crash came before anything was recorded about them.
     *
     * @return the process ids killed
     */
    public static List<Long> killLeftovers(java.util.Set<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        List<Long> killed = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(handle -> {
            String runId = environmentValue(handle.pid(), "IV_RUN_ID");
            if (runId != null && runIds.contains(runId) && handle.isAlive()) {
                // only the leader of the agent's own session gets a group signal; its children follow
                if (runId.equals(
                        environmentValue(handle.parent().map(ProcessHandle::pid).orElse(-1L), "IV_RUN_ID"))) {
                    handle.destroyForcibly();
                } else {
                    signal("KILL", -handle.pid());
                    handle.destroyForcibly();
                }
                killed.add(handle.pid());
            }
        });
        return killed;
    }

    private static @org.jspecify.annotations.Nullable String environmentValue(long pid, String name) {
        if (pid <= 0) {
            return null;
        }
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            String prefix = name + "=";
            for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                if (entry.startsWith(prefix)) {
                    return entry.substring(prefix.length());
                }
            }
        } catch (IOException | SecurityException e) {
            // gone, or another user's process
        }
        return null;
    }

    private static void signal(String signal, long target) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", Long.toString(target))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("cannot send SIG{} to {}: {}", signal, target, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Finds an executable on a PATH-style list of directories, for runtimes named by command. */
    public static Path findExecutable(String name, String path) {
        if (name.contains(File.separator)) {
            return Path.of(name);
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        return Path.of(name);
    }
}
