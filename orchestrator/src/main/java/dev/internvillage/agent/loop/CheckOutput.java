package dev.internvillage.agent.loop;

import dev.internvillage.agent.process.OutputRenderer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The output of a project's check command: every line goes to the run's log prefixed with {@link
 * #PREFIX}, and the last {@link #MAX_LINES} lines (at most {@link #MAX_BYTES} bytes) are kept for
 * the next attempt's prompt.
 */
final class CheckOutput implements OutputRenderer {

    static final String PREFIX = "[check] ";
    static final String SETUP_PREFIX = "[setup] ";
    static final int MAX_LINES = 60;
    static final int MAX_BYTES = 8 * 1024;

    private final String prefix;
    private final Deque<String> tail = new ArrayDeque<>();
    private int tailBytes;
    private boolean cut;

    /** The check's output, behind {@link #PREFIX}. */
    CheckOutput() {
        this(PREFIX);
    }

    /** A command's output behind {@code prefix} (the setup command's: {@link #SETUP_PREFIX}). */
    CheckOutput(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void render(String line, Consumer<String> log) {
        log.accept(prefix + line);
        keep(line);
    }

    private void keep(String line) {
        // one line alone may not take the whole budget
        String kept = line.length() > MAX_BYTES / 4 ? line.substring(0, MAX_BYTES / 4) + " …" : line;
        tail.addLast(kept);
        tailBytes += bytes(kept);
        while (tail.size() > MAX_LINES || tailBytes > MAX_BYTES) {
            tailBytes -= bytes(tail.removeFirst());
            cut = true;
        }
    }

    /** The kept end of the output; says so when earlier lines were left out. */
    String tail() {
        StringBuilder out = new StringBuilder();
        if (cut) {
            out.append("(earlier output left out)\n");
        }
        tail.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private static int bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8).length + 1;
    }
}
