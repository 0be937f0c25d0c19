package dev.internvillage.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 over a pair of streams, one message per line (the stdio transport of ACP). Requests
 * return futures completed by the matching response; requests and notifications from the peer go to
 * {@link Handler} on the reading thread, so they are handled in the order they came. A line that is
 * not a JSON object is passed on as text (an agent printing to stdout by mistake).
 */
final class JsonRpcConnection {

    /** What the peer asks of us. */
    interface Handler {
        /** Answers a request; throwing {@link RpcError} answers with that error. */
        JsonNode request(String method, JsonNode params) throws RpcError;

        void notification(String method, JsonNode params);

        /** A line of the peer's output that is no JSON-RPC message. */
        void text(String line);
    }

    /** A JSON-RPC error, from the peer's response or for our answer to it. */
    static final class RpcError extends Exception {
        private final int code;

        RpcError(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    static final int METHOD_NOT_FOUND = -32601;

    private final JsonMapper json;
    private final OutputStream out;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    JsonRpcConnection(JsonMapper json, OutputStream out) {
        this.json = json;
        this.out = out;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** Sends a request; the future fails with {@link RpcError} on an error response or when the peer ends. */
    CompletableFuture<JsonNode> request(String method, JsonNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        pending.put(id, response);
        ObjectNode message = object().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        if (!write(message)) {
            pending.remove(id);
            response.completeExceptionally(new RpcError(0, "the agent no longer reads its input"));
        } else if (closed) {
            failPending();
        }
        return response;
    }

    /** Sends a notification; false when the peer no longer reads. */
    boolean notify(String method, JsonNode params) {
        ObjectNode message = object().put("jsonrpc", "2.0").put("method", method);
        message.set("params", params);
        return write(message);
    }

    /** Reads the peer's messages until its output ends; then every open request fails. */
    void readAll(InputStream in, Handler handler) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                receive(line, handler);
            }
        } finally {
            closed = true;
            failPending();
        }
    }

    private void receive(String line, Handler handler) {
        JsonNode message = parse(line);
        if (message == null) {
            if (!line.isBlank()) {
                handler.text(line);
            }
            return;
        }
        JsonNode id = message.path("id");
        String method = message.path("method").asString(null);
        if (method == null) {
            response(id, message);
        } else if (id.isMissingNode() || id.isNull()) {
            handler.notification(method, message.path("params"));
        } else {
            answer(id, method, message.path("params"), handler);
        }
    }

    private void response(JsonNode id, JsonNode message) {
        CompletableFuture<JsonNode> future = id.isNumber() ? pending.remove(id.asLong()) : null;
        if (future == null) {
            return;
        }
        JsonNode error = message.path("error");
        if (error.isObject()) {
            future.completeExceptionally(new RpcError(
                    error.path("code").asInt(0), error.path("message").asString("error")));
        } else {
            future.complete(message.path("result"));
        }
    }

    private void answer(JsonNode id, String method, JsonNode params, Handler handler) {
        ObjectNode reply = object().put("jsonrpc", "2.0");
        reply.set("id", id);
        try {
            reply.set("result", handler.request(method, params));
        } catch (RpcError e) {
            reply.set("error", object().put("code", e.code()).put("message", e.getMessage()));
        }
        write(reply);
    }

    private @Nullable JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = json.readTree(line);
            return node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private synchronized boolean write(JsonNode message) {
        try {
            out.write((json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void failPending() {
        pending.values().forEach(f -> f.completeExceptionally(new RpcError(0, "the agent ended before it answered")));
        pending.clear();
    }

    /** For handlers: a method this client does not offer. */
    static RpcError methodNotFound(String method) {
        return new RpcError(METHOD_NOT_FOUND, "method not supported by this client: " + method);
    }
}
