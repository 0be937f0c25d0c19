package dev.internvillage.agent.runtime;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Turns ACP {@code session/update} notifications into run-log lines, in the format the other
 * runtimes use: the agent's message as text, its thoughts behind {@code Thought:}, a tool call as
 * {@code → Kind: title} and its result as {@code ← first line … (n lines)}, a plan as one line per
 * entry. Messages and thoughts arrive in chunks of a few words, so they are gathered and logged a
 * whole line at a time, the rest when anything else comes (or the turn ends).
 */
final class AcpUpdateRenderer {

    private final StringBuilder message = new StringBuilder();
    private final StringBuilder thought = new StringBuilder();
    /** Each tool call's title, as its updates may name only its id. */
    private final Map<String, String> toolTitles = new HashMap<>();

    void render(JsonNode update, Consumer<String> log) {
        String kind = update.path("sessionUpdate").asString("");
        switch (kind) {
            case "agent_message_chunk" -> chunk(message, update.path("content"), "", log);
            case "agent_thought_chunk" -> chunk(thought, update.path("content"), "Thought: ", log);
            case "tool_call" -> {
                flush(log);
                toolCall(update, log);
            }
            case "tool_call_update" -> {
                flush(log);
                toolCallUpdate(update, log);
            }
            case "plan" -> {
                flush(log);
                plan(update.path("entries"), log);
            }
            default -> {
                // the user's own message (replayed on load), modes, commands, usage: nothing to read
            }
        }
    }

    /** Logs what is left of a message or thought; at the end of a turn and before anything else. */
    void flush(Consumer<String> log) {
        emit(message, "", true, log);
        emit(thought, "Thought: ", true, log);
    }

    private void chunk(StringBuilder buffer, JsonNode content, String prefix, Consumer<String> log) {
        // a message after a thought (or the other way round) starts a new line of its own
        StringBuilder other = buffer == message ? thought : message;
        emit(other, other == message ? "" : "Thought: ", true, log);
        if ("text".equals(content.path("type").asString(""))) {
            buffer.append(content.path("text").asString(""));
        } else if (content.isObject()) {
            buffer.append('[').append(content.path("type").asString("content")).append(']');
        }
        emit(buffer, prefix, false, log);
    }

    /** Logs the buffer's complete lines (all of it with {@code all}), blank ones left out. */
    private static void emit(StringBuilder buffer, String prefix, boolean all, Consumer<String> log) {
        int end = all ? buffer.length() : buffer.lastIndexOf("\n") + 1;
        if (end <= 0) {
            return;
        }
        buffer.substring(0, end)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .forEach(line -> log.accept(prefix + line));
        buffer.delete(0, end);
    }

    private void toolCall(JsonNode call, Consumer<String> log) {
        String title = call.path("title").asString("tool");
        toolTitles.put(call.path("toolCallId").asString(""), title);
        String kind = call.path("kind").asString("other");
        String label = kind.equals("other") ? "Tool" : capitalize(kind);
        log.accept("→ " + label + ": " + JsonStreamRenderer.abbreviate(title));
        result(call, log);
    }

    private void toolCallUpdate(JsonNode update, Consumer<String> log) {
        if (update.path("title").isString()) {
            toolTitles.put(
                    update.path("toolCallId").asString(""), update.path("title").asString());
        }
        result(update, log);
    }

    /** The result line of a call that has finished (completed or failed); nothing while it runs. */
    private static void result(JsonNode call, Consumer<String> log) {
        String status = call.path("status").asString("");
        if (!status.equals("completed") && !status.equals("failed")) {
            return;
        }
        log.accept(JsonStreamRenderer.toolResult(resultText(call), status.equals("failed")));
    }

    private static String resultText(JsonNode call) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : call.path("content")) {
            switch (item.path("type").asString("")) {
                case "content" -> text.append(item.path("content").path("text").asString(""));
                case "diff" -> text.append("edited ").append(item.path("path").asString("a file"));
                case "terminal" ->
                    text.append("terminal ").append(item.path("terminalId").asString(""));
                default -> {
                    // content kinds of a later protocol version
                }
            }
            text.append('\n');
        }
        if (text.toString().isBlank() && !call.path("rawOutput").isMissingNode()) {
            JsonNode raw = call.path("rawOutput");
            return raw.isString() ? raw.asString() : raw.toString();
        }
        return text.toString().strip();
    }

    private static void plan(JsonNode entries, Consumer<String> log) {
        log.accept("Plan (" + entries.size() + " step" + (entries.size() == 1 ? "" : "s") + "):");
        int n = 1;
        for (JsonNode entry : entries) {
            String mark = switch (entry.path("status").asString("pending")) {
                case "completed" -> "[x]";
                case "in_progress" -> "[>]";
                default -> "[ ]";
            };
            log.accept("  " + n++ + ". " + mark + " "
                    + JsonStreamRenderer.abbreviate(entry.path("content").asString("")));
        }
    }

    private static String capitalize(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
