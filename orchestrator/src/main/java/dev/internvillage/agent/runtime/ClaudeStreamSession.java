package dev.internvillage.agent.runtime;

import dev.internvillage.agent.RunUsage;
import dev.internvillage.agent.process.SessionDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Claude Code with {@code --input-format stream-json}: the prompt, and each message the user sends
 * while it works, is a user message line on its stdin, which stays open while it works; its output
 * is rendered as without input ({@link ClaudeStreamRenderer}). Claude reads a message sent mid-turn
 * after that turn, so stdin is closed (its cue to finish and exit) at the end of a turn that no
 * message came during.
 */
final class ClaudeStreamSession implements SessionDriver {

    private final JsonMapper json;
    private final ClaudeStreamRenderer renderer;
    private @Nullable OutputStream stdin;
    private Consumer<String> log = line -> {};
    private int sentDuringTurn;

    ClaudeStreamSession(JsonMapper json) {
        this.json = json;
        this.renderer = new ClaudeStreamRenderer(json);
    }

    @Override
    public void drive(String prompt, InputStream fromAgent, OutputStream toAgent, Consumer<String> log)
            throws IOException {
        synchronized (this) {
            this.log = log;
            this.stdin = toAgent;
            if (!write(prompt)) {
                return;
            }
        }
        int turnsEnded = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fromAgent, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                renderer.render(line, log);
                if (renderer.results() > turnsEnded) {
                    turnsEnded = renderer.results();
                    turnEnded();
                }
            }
        } finally {
            closeInput();
        }
    }

    /** The end of a turn: the agent goes on only when the user said something during it. */
    private synchronized void turnEnded() {
        if (sentDuringTurn == 0) {
            closeInput();
        }
        sentDuringTurn = 0;
    }

    @Override
    public synchronized boolean send(String text) {
        if (stdin == null) {
            return false;
        }
        log.accept("[you] " + text);
        if (!write(text)) {
            return false;
        }
        sentDuringTurn++;
        return true;
    }

    /** Nothing to ask: Claude Code has no cancel message, so its process is ended at once as before. */
    @Override
    public boolean cancel() {
        closeInput();
        return false;
    }

    /** One user message line; false (and no more input) when Claude no longer reads it. */
    private synchronized boolean write(String text) {
        OutputStream out = stdin;
        if (out == null) {
            return false;
        }
        ObjectNode message = json.createObjectNode().put("type", "user");
        ObjectNode content = message.putObject("message")
                .put("role", "user")
                .putArray("content")
                .addObject();
        content.put("type", "text").put("text", text);
        try {
            out.write((json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            closeInput();
            return false;
        }
    }

    private synchronized void closeInput() {
        OutputStream out = stdin;
        stdin = null;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // it has gone already
            }
        }
    }

    @Override
    public long tokenUsage() {
        return renderer.tokenUsage();
    }

    @Override
    public RunUsage usage() {
        return renderer.usage();
    }

    @Override
    public @Nullable String sessionId() {
        return renderer.sessionId();
    }

    @Override
    public @Nullable String reportedError() {
        return renderer.reportedError();
    }
}
