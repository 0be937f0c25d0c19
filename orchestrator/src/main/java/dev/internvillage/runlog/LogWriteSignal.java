package dev.internvillage.runlog;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * The "new bytes written" signal of each log file. The {@link RunLogWriter} fires it after it hands
 * a batch of lines to the operating system (and once more when it closes), so a log tailer can wake
 * at once instead of polling. A file is one file however its path is spelled (absolute and
 * normalized here). Listeners run on the writer's thread and must not block: they should only wake
 * their own thread (release a semaphore, unpark, complete a future).
 */
@Component
public class LogWriteSignal {

    private final Map<Path, List<Runnable>> listeners = new ConcurrentHashMap<>();

    /** Calls {@code listener} after every write to {@code file} until the registration is closed. */
    public Registration onWrite(Path file, Runnable listener) {
        Path key = key(file);
        listeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** New bytes reached {@code file} (or its writer closed it). */
    public void written(Path file) {
        List<Runnable> current = listeners.get(key(file));
        if (current != null) {
            current.forEach(Runnable::run);
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** Ends a listener's registration. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
