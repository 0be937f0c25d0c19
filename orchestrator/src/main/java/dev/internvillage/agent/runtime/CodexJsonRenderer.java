package dev.internvillage.agent.runtime;

import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders {@code codex exec --json} events: {@code thread.started} gives the session (thread) id;
 * items are the agent's messages, shell commands ({@code command_execution}, shown when they start
 * and abbreviated when they complete), file changes, MCP tool calls, web searches and to-do lists;
 * {@code turn.completed} carries the tokens ({@code input_tokens} includes the cached ones, which
 * are counted apart here), {@code turn.failed} and {@code error} the failure. Codex reports no
 * model and no cost.
 */
final class CodexJsonRenderer extends JsonStreamRenderer {

    CodexJsonRenderer(JsonMapper json) {
        super(json);
    }

    @Override
    void event(JsonNode event, Consumer<String> log) {
        switch (event.path("type").asString("")) {
            case "thread.started" -> {
                sessionId = event.path("thread_id").asString(null);
                log.accept("Session started: thread " + sessionId);
            }
            case "item.started" -> started(event.path("item"), log);
            case "item.completed" -> completed(event.path("item"), log);
            case "turn.completed" -> {
                JsonNode usage = event.path("usage");
                long cached = usage.path("cached_input_tokens").asLong(0);
                inputTokens += Math.max(0, usage.path("input_tokens").asLong(0) - cached);
                cacheReadTokens += cached;
                outputTokens += usage.path("output_tokens").asLong(0);
                log.accept("Turn finished, " + tokenSummary() + " so far");
            }
            case "turn.failed" ->
                fail(
                        "codex reported an error: "
                                + abbreviate(event.path("error").path("message").asString("turn failed")),
                        log);
            case "error" ->
                fail(
                        "codex reported an error: "
                                + abbreviate(event.path("message").asString("error")),
                        log);
            default -> {
                // turn.started and item.updated add nothing readable
            }
        }
    }

    private static void started(JsonNode item, Consumer<String> log) {
        if ("command_execution".equals(item.path("type").asString(""))) {
            log.accept(toolCall("Shell", item));
        }
    }

    private static void completed(JsonNode item, Consumer<String> log) {
        switch (item.path("type").asString("")) {
            case "agent_message" -> text(item.path("text").asString(""), log);
            case "command_execution" -> {
                boolean failed = item.path("exit_code").asInt(0) != 0
                        || "failed".equals(item.path("status").asString(""));
                log.accept(toolResult(item.path("aggregated_output").asString(""), failed));
            }
            case "file_change" -> {
                StringBuilder files = new StringBuilder();
                for (JsonNode change : item.path("changes")) {
                    files.append(files.isEmpty() ? "" : ", ")
                            .append(change.path("kind").asString("update"))
                            .append(' ')
                            .append(change.path("path").asString("?"));
                }
                log.accept("→ Edit: " + abbreviate(files.toString()));
            }
            case "mcp_tool_call" ->
                log.accept(toolCall(
                        item.path("server").asString("mcp") + "."
                                + item.path("tool").asString("tool"),
                        item.path("arguments")));
            case "web_search" -> log.accept(toolCall("WebSearch", item));
            case "todo_list" -> log.accept("→ Todo: " + item.path("items").size() + " items");
            case "error" ->
                log.accept("Warning: " + abbreviate(item.path("message").asString("")));
            default -> {
                // reasoning is not shown
            }
        }
    }
}
