package dev.internvillage.agent.runtime;

import java.util.Locale;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders Gemini CLI's {@code --output-format stream-json} events: {@code init} gives the session id
 * and model; the assistant's {@code message} chunks ({@code delta}) are joined and logged as one text
 * when something else follows; {@code tool_use} and {@code tool_result} are shown like the other
 * runtimes' tool calls; the final {@code result} carries the status and the tokens (its {@code
 * input_tokens} include the {@code cached} ones, which are counted apart here). Gemini reports no cost.
 */
final class GeminiJsonRenderer extends JsonStreamRenderer {

    private final StringBuilder pendingText = new StringBuilder();

    GeminiJsonRenderer(JsonMapper json) {
        super(json);
    }

    @Override
    void event(JsonNode event, Consumer<String> log) {
        String type = event.path("type").asString("");
        if ("message".equals(type)) {
            if ("assistant".equals(event.path("role").asString(""))) {
                if (!event.path("delta").asBoolean(false)) {
                    flushText(log);
                }
                pendingText.append(event.path("content").asString(""));
            }
            return;
        }
        flushText(log);
        switch (type) {
            case "init" -> {
                sessionId = event.path("session_id").asString(null);
                model = event.path("model").asString(null);
                log.accept("Session started: model " + event.path("model").asString("?"));
            }
            case "tool_use" -> log.accept(toolCall(event.path("tool_name").asString("tool"), event.path("parameters")));
            case "tool_result" -> {
                boolean failed = !"success".equals(event.path("status").asString("success"));
                String output = failed && event.path("error").has("message")
                        ? event.path("error").path("message").asString("")
                        : event.path("output").asString("");
                log.accept(toolResult(output, failed));
            }
            case "error" ->
                log.accept(("warning".equals(event.path("severity").asString("")) ? "Warning: " : "Error: ")
                        + abbreviate(event.path("message").asString("")));
            case "result" -> result(event, log);
            default -> {
                // other events add nothing readable
            }
        }
    }

    private void result(JsonNode event, Consumer<String> log) {
        JsonNode stats = event.path("stats");
        long cached = stats.path("cached").asLong(0);
        inputTokens = Math.max(0, stats.path("input_tokens").asLong(0) - cached);
        cacheReadTokens = cached;
        outputTokens = stats.path("output_tokens").asLong(0);
        // the total may count what the split does not (thinking, tool prompts): it goes to output
        outputTokens += Math.max(0, stats.path("total_tokens").asLong(0) - tokenUsage());
        boolean failed = !"success".equals(event.path("status").asString("success"));
        log.accept(String.format(
                        Locale.ROOT,
                        "%s after %.1f s, %d tool calls, ",
                        failed ? "Failed" : "Finished",
                        stats.path("duration_ms").asLong(0) / 1000.0,
                        stats.path("tool_calls").asInt(0))
                + tokenSummary());
        if (failed) {
            String message = event.path("error").path("message").asString("").strip();
            fail(
                    "gemini reported an error: "
                            + (message.isEmpty()
                                    ? "status " + event.path("status").asString("?")
                                    : abbreviate(message)),
                    log);
        }
    }

    private void flushText(Consumer<String> log) {
        if (!pendingText.isEmpty()) {
            text(pendingText.toString(), log);
            pendingText.setLength(0);
        }
    }
}
