package dev.internvillage.agent.runtime;

import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders {@code opencode run --format json} events ({@code {type, timestamp, sessionID, part}}):
 * {@code text} parts as they are, a {@code tool_use} as the call and its abbreviated output or error,
 * and each {@code step_finish} adds its tokens ({@code input, output, reasoning, cache.read,
 * cache.write}; reasoning counts as output) and its {@code cost}. A step that finishes for another
 * reason than {@code tool-calls} ends the run. opencode names no model in this stream.
 */
final class OpencodeJsonRenderer extends JsonStreamRenderer {

    OpencodeJsonRenderer(JsonMapper json) {
        super(json);
    }

    @Override
    void event(JsonNode event, Consumer<String> log) {
        if (sessionId == null && event.path("sessionID").isString()) {
            sessionId = event.path("sessionID").asString();
            log.accept("Session started: " + sessionId);
        }
        JsonNode part = event.path("part");
        switch (event.path("type").asString("")) {
            case "text" -> text(part.path("text").asString(""), log);
            case "tool_use" -> {
                JsonNode state = part.path("state");
                log.accept(toolCall(part.path("tool").asString("tool"), state.path("input")));
                boolean failed = "error".equals(state.path("status").asString(""));
                log.accept(toolResult(state.path(failed ? "error" : "output").asString(""), failed));
            }
            case "step_finish" -> stepFinished(part, log);
            case "error" -> {
                JsonNode error = event.path("error");
                String message = error.path("data")
                        .path("message")
                        .asString(error.path("message").asString(""));
                fail(
                        "opencode reported an error: "
                                + abbreviate(
                                        message.isEmpty() ? error.path("name").asString("error") : message),
                        log);
            }
            default -> {
                // step_start adds nothing readable
            }
        }
    }

    private void stepFinished(JsonNode part, Consumer<String> log) {
        JsonNode tokens = part.path("tokens");
        inputTokens += tokens.path("input").asLong(0);
        outputTokens +=
                tokens.path("output").asLong(0) + tokens.path("reasoning").asLong(0);
        cacheReadTokens += tokens.path("cache").path("read").asLong(0);
        cacheWriteTokens += tokens.path("cache").path("write").asLong(0);
        addCost(part.path("cost"));
        String reason = part.path("reason").asString("");
        if (!"tool-calls".equals(reason)) {
            log.accept("Finished (" + (reason.isEmpty() ? "end" : reason) + "), " + tokenSummary());
        }
    }
}
