package dev.internvillage.agent.runtime;

import dev.internvillage.agent.process.OutputRenderer;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders Claude Code's {@code --output-format stream-json} events into readable log lines:
 * assistant text as it is, a tool call as {@code → Tool: key argument}, a tool result abbreviated
 * to its first line, errors spelled out. Token usage comes from the final {@code result} event:
 * input, output and both cache counts added up. A line that is not JSON is logged as it is.
 */
final class ClaudeStreamRenderer implements OutputRenderer {

    static final int RESULT_PREVIEW_CHARS = 200;
    private static final Map<String, String> KEY_ARGUMENTS = Map.ofEntries(
            Map.entry("Bash", "command"),
            Map.entry("Read", "file_path"),
            Map.entry("Write", "file_path"),
            Map.entry("Edit", "file_path"),
            Map.entry("MultiEdit", "file_path"),
            Map.entry("NotebookEdit", "notebook_path"),
            Map.entry("Glob", "pattern"),
            Map.entry("Grep", "pattern"),
            Map.entry("WebFetch", "url"),
            Map.entry("WebSearch", "query"),
            Map.entry("Task", "description"));

    private final JsonMapper json;
    private long tokens;
    private @Nullable String error;

    ClaudeStreamRenderer(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void render(String line, Consumer<String> log) {
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
        switch (event.path("type").asString("")) {
            case "system" -> system(event, log);
            case "assistant" -> content(event.path("message").path("content"), log);
            case "user" -> content(event.path("message").path("content"), log);
            case "result" -> result(event, log);
            default -> {
                // stream events this renderer does not know add nothing readable
            }
        }
    }

    @Override
    public long tokenUsage() {
        return tokens;
    }

    @Override
    public @Nullable String reportedError() {
        return error;
    }

    private static void system(JsonNode event, Consumer<String> log) {
        if ("init".equals(event.path("subtype").asString(""))) {
            log.accept("Session started: model " + event.path("model").asString("?") + ", "
                    + event.path("tools").size() + " tools, in "
                    + event.path("cwd").asString("?"));
        }
    }

    private static void content(JsonNode blocks, Consumer<String> log) {
        for (JsonNode block : blocks) {
            switch (block.path("type").asString("")) {
                case "text" -> {
                    String text = block.path("text").asString("").strip();
                    if (!text.isEmpty()) {
                        log.accept(text);
                    }
                }
                case "tool_use" ->
                    log.accept("→ " + block.path("name").asString("tool") + ": "
                            + keyArgument(block.path("name").asString(""), block.path("input")));
                case "tool_result" -> log.accept(toolResult(block));
                default -> {
                    // thinking and other blocks are not shown
                }
            }
        }
    }

    private void result(JsonNode event, Consumer<String> log) {
        JsonNode usage = event.path("usage");
        tokens = usage.path("input_tokens").asLong(0)
                + usage.path("output_tokens").asLong(0)
                + usage.path("cache_creation_input_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0);
        boolean failed = event.path("is_error").asBoolean(false)
                || !"success".equals(event.path("subtype").asString("success"));
        String summary = String.format(
                Locale.ROOT,
                "%s after %.1f s, %d turns, %d tokens",
                failed ? "Failed (" + event.path("subtype").asString("error") + ")" : "Finished",
                event.path("duration_ms").asLong(0) / 1000.0,
                event.path("num_turns").asInt(0),
                tokens);
        if (event.has("total_cost_usd")) {
            summary += String.format(
                    Locale.ROOT, ", $%.4f", event.path("total_cost_usd").asDouble(0));
        }
        log.accept(summary);
        if (failed) {
            String message = event.path("result").asString("").strip();
            error = "claude reported an error: "
                    + (message.isEmpty() ? event.path("subtype").asString("error") : abbreviate(message));
            log.accept("Error: " + error);
        }
    }

    private static String keyArgument(String tool, JsonNode input) {
        if ("TodoWrite".equals(tool)) {
            return input.path("todos").size() + " todos";
        }
        String key = KEY_ARGUMENTS.get(tool);
        if (key != null && input.path(key).isString()) {
            return abbreviate(input.path(key).asString());
        }
        for (JsonNode value : input) {
            if (value.isString()) {
                return abbreviate(value.asString());
            }
        }
        return abbreviate(input.toString());
    }

    private static String toolResult(JsonNode block) {
        JsonNode content = block.path("content");
        String text;
        if (content.isString()) {
            text = content.asString();
        } else {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : content) {
                joined.append(part.path("text").asString(""));
            }
            text = joined.toString();
        }
        long lines = text.isEmpty() ? 0 : text.lines().count();
        String prefix = block.path("is_error").asBoolean(false) ? "← error: " : "← ";
        String first = text.lines().findFirst().orElse("(no output)");
        return prefix + abbreviate(first) + (lines > 1 ? " … (" + lines + " lines)" : "");
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= RESULT_PREVIEW_CHARS ? oneLine : oneLine.substring(0, RESULT_PREVIEW_CHARS) + "…";
    }
}
