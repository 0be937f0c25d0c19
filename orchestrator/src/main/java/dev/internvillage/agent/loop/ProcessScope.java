package dev.internvillage.agent.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a process id means the same process: one boot of one kernel and one PID namespace. An
 * instance whose lease names this scope and a process that is gone died without handing its loops
 * back (a crash, SIGKILL), and its loops can be taken over at once instead of after the lease
 * expires. Null where it cannot be told (not Linux): then only the expiry counts.
 */
final class ProcessScope {

    private ProcessScope() {}

    static @Nullable String current() {
        try {
            String boot =
                    Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            String pidNamespace =
                    Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            String scope = boot + "/" + pidNamespace;
            return scope.length() > 200 ? null : scope;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** True when {@code pid} in {@code scope} is surely gone; false when it lives or cannot be told. */
    static boolean isGone(@Nullable String here, @Nullable String scope, long pid) {
        if (here == null || !here.equals(scope)) {
            return false;
        }
        // a recycled pid looks alive: then the lease's expiry decides, never a wrong takeover
        return ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true);
    }
}
