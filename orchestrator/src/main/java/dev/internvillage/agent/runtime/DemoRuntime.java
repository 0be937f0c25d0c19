package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.demo.DemoAgent;
import dev.internvillage.agent.process.OutputRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code AGENT_RUNTIME=demo}: the bundled {@link DemoAgent}, run as its own JVM process. Its one
 * class file is copied out of the app (jar or classes directory) into the data directory, so the
 * same command works however the app was started.
 */
final class DemoRuntime implements AgentRuntime {

    private static final Pattern TOKENS = Pattern.compile("^Tokens used: (\\d+)$");

    private final Path classpath;
    private final int lineDelayMs;
    private final int failurePercent;
    private final int workerFailurePercent;

    DemoRuntime(Path runtimeDirectory, int lineDelayMs, int failurePercent, int workerFailurePercent) {
        this.classpath = install(runtimeDirectory);
        this.lineDelayMs = lineDelayMs;
        this.failurePercent = failurePercent;
        this.workerFailurePercent = workerFailurePercent;
    }

    @Override
    public List<String> command(AgentType role, Map<String, String> env) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(
                java.toString(),
                // a small, quick-starting JVM: the simulator does little work
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-cp",
                classpath.toString(),
                DemoAgent.class.getName());
    }

    @Override
    public Map<String, String> environment() {
        return Map.of(
                "IV_DEMO_LINE_DELAY_MS", Integer.toString(lineDelayMs),
                "IV_DEMO_FAILURE_PERCENT", Integer.toString(failurePercent),
                "IV_DEMO_WORKER_FAILURE_PERCENT", Integer.toString(workerFailurePercent));
    }

    @Override
    public List<Path> readOnlyPaths(List<String> command) {
        return List.of(classpath, Path.of(System.getProperty("java.home")));
    }

    @Override
    public OutputRenderer newRenderer() {
        return new OutputRenderer() {
            private long tokens;

            @Override
            public void render(String line, Consumer<String> log) {
                Matcher matcher = TOKENS.matcher(line);
                if (matcher.matches()) {
                    tokens = Long.parseLong(matcher.group(1));
                }
                log.accept(line);
            }

            @Override
            public long tokenUsage() {
                return tokens;
            }
        };
    }

    private static Path install(Path runtimeDirectory) {
        String resource = DemoAgent.class.getName().replace('.', '/') + ".class";
        Path target = runtimeDirectory.resolve("demo").resolve(resource);
        try (InputStream in = DemoAgent.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the demo agent's class file is missing from the app: " + resource);
            }
            Files.createDirectories(target.getParent());
            // written aside and moved, so a second app on the same data directory never sees half a file
            Path partial = Files.createTempFile(target.getParent(), "DemoAgent", ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return runtimeDirectory.resolve("demo");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the demo agent into " + target, e);
        }
    }
}
