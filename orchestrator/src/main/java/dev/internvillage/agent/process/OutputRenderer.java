package dev.internvillage.agent.process;

import dev.internvillage.agent.RunUsage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns what an agent prints on stdout into readable log lines. One instance serves one run and
 * is called from one thread, so it may keep state (e.g. token counts).
 */
public interface OutputRenderer {

    /** A renderer that logs every stdout line as it is. */
    static OutputRenderer plain() {
        return (line, log) -> log.accept(line);
    }

    /** Renders one stdout line into zero or more log lines. */
    void render(String line, Consumer<String> log);

    /** Tokens the agent reported so far; 0 when its runtime reports none. */
    default long tokenUsage() {
        return 0;
    }

    /**
     * The model, tokens and cost the agent reported so far; by default only {@link #tokenUsage()}
     * as the total.
     */
    default RunUsage usage() {
        return RunUsage.ofTotal(tokenUsage());
    }

    /** The agent CLI's session id, when its output names one (so a later attempt can resume it). */
    default @Nullable String sessionId() {
        return null;
    }

    /** An error the agent reported in its own output (e.g. an error result event), or null. */
    default @Nullable String reportedError() {
        return null;
    }
}
