package dev.internvillage.testing;

import dev.internvillage.InternVillageApplication;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole instances of the app for tests that restart or kill one: in this JVM on a random port, or in a
 * JVM of their own (on the main classpath, without the test classes) that can be killed with SIGKILL.
 * Settings are the app's environment variables.
 */
public final class AppInstances {

    private AppInstances() {}

    /** The app in this JVM on a random port; the caller closes it. */
    public static ConfigurableApplicationContext startInProcess(Map<String, String> settings) {
        String[] properties = settings.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(InternVillageApplication.class)
                .properties(properties)
                .properties("PORT=0")
                .run();
    }

    /** The app in a JVM of its own on {@code port}, its output in {@code log}; the caller destroys it. */
    public static Process startJvm(Map<String, String> settings, int port, Path log) throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        InternVillageApplication.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(settings);
        builder.environment().put("PORT", Integer.toString(port));
        return builder.start();
    }

    /**
     * Whether the app in {@code process} answers; for an await.
     *
     * @throws IllegalStateException if the process has exited (waiting longer would not help)
     */
    public static boolean isUp(Process process, Api api) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the app's JVM exited with " + process.exitValue());
        }
        try {
            return api.get("/api/projects").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A client of the app in this JVM, as its local user. */
    public static Api api(ConfigurableApplicationContext app) {
        return new Api(baseUrl(app), null);
    }

    /** Where the app in this JVM answers: {@code http://127.0.0.1:<its port>}. */
    public static String baseUrl(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /** A TCP port free at the moment, for a JVM that must be told its port before it starts. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
