package dev.internvillage.agent.runtime;

import dev.internvillage.agent.RunUsage;
import dev.internvillage.agent.process.OutputRenderer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the renderers of the agent CLIs' JSON-lines output have in common: a line that is not JSON is
 * logged as it is; tool calls are shown as {@code → Tool: key argument} and their results as {@code ←
 * first line … (n lines)}; and the model, tokens, cost, session id and reported error are collected
 * here for the run. Each format's own class reads its events ({@link #event}).
 */
abstract class JsonStreamRenderer implements OutputRenderer {

    static final int RESULT_PREVIEW_CHARS = 200;

    /**
     * The argument that says what a tool call does, by the names the CLIs give them, the most telling
     * first (a search's pattern before the directory it searches).
     */
    private static final List<String> KEY_ARGUMENTS = List.of(
            "command",
            "file_path",
            "filePath",
            "absolute_path",
            "notebook_path",
            "pattern",
            "url",
            "query",
            "path",
            "description",
            "prompt");

    private final JsonMapper json;

    @Nullable
    String model;

    @Nullable
    String sessionId;

    long inputTokens;
    long outputTokens;
    long cacheReadTokens;
    long cacheWriteTokens;

    @Nullable
    BigDecimal costUsd;

    private @Nullable String error;

    JsonStreamRenderer(JsonMapper json) {
        this.json = json;
    }

    /** Renders one JSON event of the stream. */
    abstract void event(JsonNode event, Consumer<String> log);

    @Override
    public final void render(String line, Consumer<String> log) {
        if (!line.startsWith("{")) {
            if (!line.isBlank()) {
                log.accept(line);
            }
            return;
        }
        JsonNode event;
        try {
            event = json.readTree(line);
        } catch (JacksonException e) {
            log.accept(line);
            return;
        }
        event(event, log);
    }

    @Override
    public long tokenUsage() {
        return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
    }

    @Override
    public RunUsage usage() {
        return new RunUsage(model, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, tokenUsage(), costUsd);
    }

    @Override
    public @Nullable String sessionId() {
        return sessionId;
    }

    @Override
    public @Nullable String reportedError() {
        return error;
    }

    /** The agent reported that it failed: the attempt fails with {@code message}, also logged. */
    void fail(String message, Consumer<String> log) {
        error = message;
        log.accept("Error: " + message);
    }

    /** Text the model wrote, without surrounding blank lines; nothing when it is empty. */
    static void text(String text, Consumer<String> log) {
        String stripped = text.strip();
        if (!stripped.isEmpty()) {
            log.accept(stripped);
        }
    }

    /** Adds a cost the runtime reported (several steps each report theirs). */
    void addCost(JsonNode cost) {
        if (cost.isNumber()) {
            costUsd = (costUsd == null ? BigDecimal.ZERO : costUsd).add(cost.decimalValue());
        }
    }

    /** {@code → Tool: key argument}. */
    static String toolCall(String tool, JsonNode input) {
        return "→ " + tool + ": " + keyArgument(input);
    }

    /** {@code ← first line … (n lines)}, or {@code ← error: …} for a failed call. */
    static String toolResult(String text, boolean failed) {
        long lines = text.isEmpty() ? 0 : text.lines().count();
        String first = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("(no output)");
        return (failed ? "← error: " : "← ") + abbreviate(first) + (lines > 1 ? " … (" + lines + " lines)" : "");
    }

    /** A usage summary: {@code N tokens (input a, output b, cache read c, cache write d)[, $cost]}. */
    String tokenSummary() {
        StringBuilder summary = new StringBuilder().append(tokenUsage()).append(" tokens");
        if (costUsd != null) {
            summary.append(String.format(Locale.ROOT, ", $%.4f", costUsd));
        }
        return summary.toString();
    }

    static String keyArgument(JsonNode input) {
        if (input.path("todos").isArray()) {
            return input.path("todos").size() + " todos";
        }
        for (String key : KEY_ARGUMENTS) {
            if (input.path(key).isString()) {
                return abbreviate(input.path(key).asString());
            }
        }
        for (JsonNode value : input) {
            if (value.isString()) {
                return abbreviate(value.asString());
            }
        }
        return abbreviate(input.toString());
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= RESULT_PREVIEW_CHARS ? oneLine : oneLine.substring(0, RESULT_PREVIEW_CHARS) + "…";
    }
}
