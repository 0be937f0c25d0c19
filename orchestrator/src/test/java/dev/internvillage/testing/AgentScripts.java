package dev.internvillage.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scripts the {@code command} runtime runs, and the processes of a running agent. A sandboxed agent
 * sees only the system, its own directories and {@code AGENT_EXTRA_PATH}, so a script is copied into
 * a directory of its own that a test adds to {@code AGENT_EXTRA_PATH}; and the process ids an agent
 * writes are those of its own PID namespace, so tests find its processes on the host by the {@code
 * IV_RUN_ID} in their environment instead.
 */
public final class AgentScripts {

    private AgentScripts() {}

    /** A new directory holding the test resource {@code resource} as an executable file of the same name. */
    public static Path directoryWith(String resource) {
        try (InputStream in =
                Objects.requireNonNull(AgentScripts.class.getResourceAsStream(resource), "test resource " + resource)) {
            String name = Path.of(resource).getFileName().toString();
            return directoryWith(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new directory holding {@code content} as the executable file {@code name}. */
    public static Path directoryWith(String name, String content) {
        try {
            Path dir = Files.createTempDirectory("iv-agent-script");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve(name);
            Files.writeString(file, content);
            file.toFile().deleteOnExit();
            if (!file.toFile().setExecutable(true, false)) {
                throw new IOException("cannot make " + file + " executable");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The host's process ids of everything running for the run {@code runId} (the sandbox's own
     * processes included): each has {@code IV_RUN_ID=<runId>} in its environment.
     */
    public static List<Long> processesOf(String runId) {
        byte[] wanted = ("IV_RUN_ID=" + runId).getBytes(StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
                if (containsEntry(environ, wanted) && isRunning(p.pid())) {
                    pids.add(p.pid());
                }
            } catch (IOException | SecurityException e) {
                // ended meanwhile, or not ours
            }
        });
        return pids;
    }

    /**
     * True while the process exists and is not a zombie: a killed grandchild is re-parented to the
     * machine's init, which may take a moment to reap it, but it no longer runs.
     */
    public static boolean isRunning(long pid) {
        String state = procState(pid);
        return !state.isEmpty() && !state.equals("Z") && !state.equals("X");
    }

    /** The state letter of {@code /proc/<pid>/stat}, empty when there is no such process. */
    public static String procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean containsEntry(byte[] environ, byte[] entry) {
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == entry.length && java.util.Arrays.equals(environ, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
