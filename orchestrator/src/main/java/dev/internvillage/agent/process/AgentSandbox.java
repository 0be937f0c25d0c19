package dev.internvillage.agent.process;

import dev.internvillage.agent.AgentSettings;
import dev.internvillage.common.DataDirectory;
import dev.internvillage.common.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Confines agent processes ({@code AGENT_SANDBOX}). With {@code bwrap} an agent runs in a bubblewrap
 * sandbox: its own PID namespace (its {@code /proc} shows only its own processes, and when its first
 * process ends, or the server, everything it started ends too), no capabilities, the system read-only,
 * its working directory and output directory writable, a private {@code /tmp} and {@code HOME}, and
 * nothing else of the data directory. With {@code none} it runs as the server's user with that user's
 * access, as before the sandbox existed.
 */
@Component
public class AgentSandbox {

    private static final Logger log = LoggerFactory.getLogger(AgentSandbox.class);
    private static final String GIT_IDENTITY = """
            [user]
            \tname = Intern Village agent
            \temail = agent@intern-village.invalid
            """;

    /** A command ready to start, and what to remove once it has ended. */
    public record Prepared(
            List<String> command,
            Map<String, String> env,
            @Nullable Path scratch) implements AutoCloseable {

        /** Names the variables, never their values: they may be a project's secrets. */
        @Override
        public String toString() {
            return "Prepared[" + command + ", variables " + env.keySet() + "]";
        }

        /** Removes the run's private home; never follows the links an agent may have left in it. */
        @Override
        public void close() {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    private final AgentSettings settings;
    private final Path dataDirectory;
    private final AgentSettings.Sandbox mode;
    private final @Nullable Path bwrap;

    public AgentSandbox(AgentSettings settings, DataDirectory dataDirectory) {
        this.settings = settings;
        this.dataDirectory = dataDirectory.root().toAbsolutePath().normalize();
        AgentSettings.Sandbox requested = settings.requestedSandbox();
        Path found = AgentProcess.findExecutable("bwrap", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        if (requested == AgentSettings.Sandbox.NONE) {
            this.mode = AgentSettings.Sandbox.NONE;
            this.bwrap = null;
            warnIf(settings.enabled(), "AGENT_SANDBOX=none");
            return;
        }
        String problem = probe(found);
        if (problem == null) {
            this.mode = AgentSettings.Sandbox.BWRAP;
            this.bwrap = found;
            checkNothingExposesTheDataDirectory();
            if (settings.enabled()) {
                log.info(
                        "Agents run in a bubblewrap sandbox ({}), network {}",
                        found,
                        settings.network() ? "on" : "off");
            }
        } else if (requested == AgentSettings.Sandbox.BWRAP) {
            throw new InvalidSettingException(
                    "AGENT_SANDBOX", "is bwrap, but bubblewrap does not work here: " + problem);
        } else {
            this.mode = AgentSettings.Sandbox.NONE;
            this.bwrap = null;
            warnIf(settings.enabled(), "bubblewrap does not work here (" + problem + ")");
        }
    }

    public AgentSettings.Sandbox mode() {
        return mode;
    }

    public boolean confines() {
        return mode == AgentSettings.Sandbox.BWRAP;
    }

    /**
     * The command and environment that run {@code command} confined to {@code workdir} (writable,
     * with its git repository as {@link GitMounts} describes), {@code outputDirectory} (writable) and
     * {@code readOnly} (besides the system, {@code AGENT_EXTRA_PATH} and {@code AGENT_SANDBOX_BIND}).
     * {@code env} is the agent's whole environment; {@code HOME} is set here.
     */
    public Prepared prepare(
            List<String> command, Map<String, String> env, Path workdir, Path outputDirectory, List<Path> readOnly)
            throws IOException {
        Map<String, String> agentEnv = new HashMap<>(env);
        if (bwrap == null) {
            String home = System.getenv("HOME");
            if (home != null) {
                agentEnv.put("HOME", home);
            }
            return new Prepared(command, agentEnv, null);
        }
        Path home = homeInside();
        Path scratch = Files.createTempDirectory(
                "iv-agent-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path privateHome = Files.createDirectory(scratch.resolve("home"));
            Files.writeString(privateHome.resolve(".gitconfig"), GIT_IDENTITY, StandardCharsets.UTF_8);
            BwrapCommand sandbox = new BwrapCommand().system().writableAt(privateHome, home);
            Path javaHome = Path.of(System.getProperty("java.home"));
            if (BwrapCommand.SYSTEM.stream().noneMatch(javaHome::startsWith)) {
                sandbox.readOnly(javaHome);
            }
            readOnly.forEach(sandbox::readOnlyIfPresent);
            settings.extraPath().forEach(sandbox::readOnlyIfPresent);
            GitMounts.add(sandbox, workdir, dataDirectory);
            sandbox.writable(outputDirectory);
            settings.sandboxBinds().forEach(sandbox::writableIfPresent);
            agentEnv.put("HOME", home.toString());
            agentEnv.put("TMPDIR", "/tmp");
            return new Prepared(sandbox.build(bwrap, workdir, settings.network(), command), agentEnv, scratch);
        } catch (IOException | RuntimeException e) {
            deleteTree(scratch);
            throw e;
        }
    }

    /** The server user's home path, so that bound CLI state ({@code ~/.claude}) is where the CLI looks. */
    private static Path homeInside() {
        String home = System.getProperty("user.home", "");
        Path path = home.isBlank() ? Path.of("/") : Path.of(home).normalize();
        if (!path.isAbsolute()
                || path.getNameCount() == 0
                || BwrapCommand.SYSTEM.stream().anyMatch(path::startsWith)) {
            return Path.of("/home/agent");
        }
        return path;
    }

    /** A configured path that holds the data directory would hand the agent the database and secrets. */
    private void checkNothingExposesTheDataDirectory() {
        if (BwrapCommand.SYSTEM.stream().anyMatch(dataDirectory::startsWith)) {
            throw new InvalidSettingException(
                    DataDirectory.VARIABLE, "must not be under a system directory agents read: " + dataDirectory);
        }
        Map<String, List<Path>> exposed =
                Map.of("AGENT_SANDBOX_BIND", settings.sandboxBinds(), "AGENT_EXTRA_PATH", settings.extraPath());
        exposed.forEach((variable, paths) -> paths.stream()
                .filter(p -> dataDirectory.startsWith(p.toAbsolutePath().normalize()))
                .findFirst()
                .ifPresent(p -> {
                    throw new InvalidSettingException(
                            variable, "must not name the data directory or a directory that holds it: " + p);
                }));
        settings.sandboxBinds().stream()
                .filter(p -> !Files.exists(p))
                .forEach(p -> log.warn("AGENT_SANDBOX_BIND names {}, which does not exist: it is not bound", p));
    }

    private static void warnIf(boolean enabled, String reason) {
        if (enabled) {
            log.warn(
                    "Agents are NOT sandboxed ({}): they run as this server's user and can read its data directory"
                            + " (database, session secret, every project), its environment and its processes",
                    reason);
        }
    }

    /** Null when {@code bwrap} can make the namespaces a sandbox needs here, else why not. */
    static @Nullable String probe(Path bwrap) {
        List<String> command = new ArrayList<>(List.of(
                bwrap.toString(), "--unshare-all", "--share-net", "--die-with-parent", "--ro-bind", "/", "/", "true"));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "bwrap did not finish within 10 s";
            }
            return process.exitValue() == 0
                    ? null
                    : "bwrap exited with status " + process.exitValue() + (output.isEmpty() ? "" : ": " + output);
        } catch (IOException e) {
            return "cannot run " + bwrap + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    // an agent may leave a directory it cannot write: make it removable
                    dir.toFile().setWritable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("cannot remove an agent's private home {}: {}", root, e.getMessage());
        }
    }
}
