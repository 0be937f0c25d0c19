package dev.internvillage.agent.runtime;

import java.util.Locale;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders Claude Code's {@code --output-format stream-json} events into readable log lines:
 * assistant text as it is, a tool call as {@code → Tool: key argument}, a tool result abbreviated
 * to its first line, errors spelled out. The model and session id come from the {@code init} event;
 * tokens (input, output, both cache counts) and the cost ({@code total_cost_usd}) from the final
 * {@code result} event.
 */
final class ClaudeStreamRenderer extends JsonStreamRenderer {

    private int results;

    ClaudeStreamRenderer(JsonMapper json) {
        super(json);
    }

    /** How many {@code result} events (ends of a turn) it has read. */
    int results() {
        return results;
    }

    @Override
    void event(JsonNode event, Consumer<String> log) {
        if (event.path("session_id").isString()) {
            sessionId = event.path("session_id").asString();
        }
        switch (event.path("type").asString("")) {
            case "system" -> system(event, log);
            case "assistant", "user" -> content(event.path("message").path("content"), log);
            case "result" -> result(event, log);
            default -> {
                // stream events this renderer does not know add nothing readable
            }
        }
    }

    private void system(JsonNode event, Consumer<String> log) {
        if ("init".equals(event.path("subtype").asString(""))) {
            model = event.path("model").asString(null);
            log.accept("Session started: model " + event.path("model").asString("?") + ", "
                    + event.path("tools").size() + " tools, in "
                    + event.path("cwd").asString("?"));
        }
    }

    private static void content(JsonNode blocks, Consumer<String> log) {
        for (JsonNode block : blocks) {
            switch (block.path("type").asString("")) {
                case "text" -> text(block.path("text").asString(""), log);
                case "tool_use" -> log.accept(toolCall(block.path("name").asString("tool"), block.path("input")));
                case "tool_result" ->
                    log.accept(toolResult(
                            resultText(block.path("content")),
                            block.path("is_error").asBoolean(false)));
                default -> {
                    // thinking and other blocks are not shown
                }
            }
        }
    }

    private void result(JsonNode event, Consumer<String> log) {
        results++;
        JsonNode usage = event.path("usage");
        inputTokens = usage.path("input_tokens").asLong(0);
        outputTokens = usage.path("output_tokens").asLong(0);
        cacheReadTokens = usage.path("cache_read_input_tokens").asLong(0);
        cacheWriteTokens = usage.path("cache_creation_input_tokens").asLong(0);
        costUsd = null;
        addCost(event.path("total_cost_usd"));
        boolean failed = event.path("is_error").asBoolean(false)
                || !"success".equals(event.path("subtype").asString("success"));
        log.accept(String.format(
                        Locale.ROOT,
                        "%s after %.1f s, %d turns, ",
                        failed ? "Failed (" + event.path("subtype").asString("error") + ")" : "Finished",
                        event.path("duration_ms").asLong(0) / 1000.0,
                        event.path("num_turns").asInt(0))
                + tokenSummary());
        if (failed) {
            String message = event.path("result").asString("").strip();
            fail(
                    "claude reported an error: "
                            + (message.isEmpty() ? event.path("subtype").asString("error") : abbreviate(message)),
                    log);
        }
    }

    private static String resultText(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder joined = new StringBuilder();
        for (JsonNode part : content) {
            joined.append(part.path("text").asString(""));
        }
        return joined.toString();
    }
}
