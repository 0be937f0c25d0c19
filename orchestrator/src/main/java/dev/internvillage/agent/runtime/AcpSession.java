package dev.internvillage.agent.runtime;

import dev.internvillage.agent.process.SessionDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One run's ACP session, as the client: {@code initialize}, a session in the worktree ({@code
 * session/new}, or {@code session/load} of the earlier attempt's session when the agent can load
 * sessions), the prompt as a {@code session/prompt} turn, and then each message the user sent while
 * it ran as a turn of its own (a session runs one turn at a time, so they wait for the turn before).
 * The session is over when a turn ends with no message waiting. Permission requests are answered
 * by the policy ({@code AGENT_ACP_PERMISSIONS}); the client offers no file system or terminal of its
 * own, so the agent works with its own tools in the worktree. An error response fails the attempt.
 *
 * <p>It extends {@link JsonStreamRenderer} for the run's model, tokens, cost, session and error.
 */
final class AcpSession extends JsonStreamRenderer implements SessionDriver {

    /** ACP's protocol version this client speaks. */
    static final int PROTOCOL_VERSION = 1;

    private final JsonMapper json;
    private final Path workdir;
    private final @Nullable String resume;
    private final boolean allowPermissions;
    private final AcpUpdateRenderer updates = new AcpUpdateRenderer();
    private final Deque<String> messages = new ArrayDeque<>();
    private volatile @Nullable JsonRpcConnection connection;
    /** The open session, for {@link #cancel} on another thread. */
    private volatile @Nullable String openSession;

    private volatile Consumer<String> log = line -> {};
    private volatile boolean loading;
    private volatile boolean cancelled;
    private boolean takesMessages;

    AcpSession(JsonMapper json, Path workdir, @Nullable String resume, boolean allowPermissions) {
        super(json);
        this.json = json;
        this.workdir = workdir;
        this.resume = resume;
        this.allowPermissions = allowPermissions;
    }

    @Override
    void event(JsonNode event, Consumer<String> log) {
        // ACP is not read line by line: see drive
    }

    @Override
    public void drive(String prompt, InputStream fromAgent, OutputStream toAgent, Consumer<String> log)
            throws IOException {
        this.log = log;
        JsonRpcConnection rpc = new JsonRpcConnection(json, toAgent);
        connection = rpc;
        Thread.ofVirtual().name("acp-reader").start(() -> {
            try {
                rpc.readAll(fromAgent, new Peer());
            } catch (IOException e) {
                // the agent's output ended: open requests fail, and drive sees it
            }
        });
        try {
            JsonNode agent = call(rpc, "initialize", initializeParams());
            if (agent == null) {
                return;
            }
            JsonNode info = agent.path("agentInfo");
            log.accept("ACP agent " + info.path("name").asString("(unnamed)") + " "
                    + info.path("version").asString("") + ", protocol "
                    + agent.path("protocolVersion").asInt(0));
            if (!openSession(
                    rpc, agent.path("agentCapabilities").path("loadSession").asBoolean(false))) {
                return;
            }
            openSession = sessionId;
            synchronized (this) {
                takesMessages = !cancelled;
            }
            String text = prompt;
            while (text != null && turn(rpc, text)) {
                text = nextMessage();
            }
        } finally {
            synchronized (this) {
                takesMessages = false;
            }
            updates.flush(log);
        }
    }

    /** Opens the session: loads the earlier one where the agent can, else starts a fresh one. */
    private boolean openSession(JsonRpcConnection rpc, boolean canLoad) {
        if (resume != null && canLoad) {
            ObjectNode params = sessionParams().put("sessionId", resume);
            loading = true;
            JsonNode loaded = call(rpc, "session/load", params);
            loading = false;
            if (loaded == null) {
                return false;
            }
            sessionId = resume;
            model(loaded);
            log.accept("Session loaded: " + resume + " in " + workdir.getFileName());
            return true;
        }
        if (resume != null) {
            log.accept("Fresh session: the agent cannot load sessions (no loadSession capability)");
        }
        JsonNode created = call(rpc, "session/new", sessionParams());
        if (created == null) {
            return false;
        }
        sessionId = created.path("sessionId").asString(null);
        model(created);
        log.accept("Session started: " + sessionId + " in " + workdir.getFileName());
        return sessionId != null;
    }

    /** One prompt turn; false when the session goes no further (cancelled, refused, failed). */
    private boolean turn(JsonRpcConnection rpc, String text) {
        ObjectNode params = rpc.object().put("sessionId", sessionId);
        params.putArray("prompt").addObject().put("type", "text").put("text", text);
        JsonNode response = call(rpc, "session/prompt", params);
        updates.flush(log);
        if (response == null) {
            return false;
        }
        usage(response.path("usage"));
        String stopReason = response.path("stopReason").asString("end_turn");
        log.accept("Turn ended (" + stopReason + "), " + tokenSummary());
        return switch (stopReason) {
            case "cancelled" -> false;
            case "refusal" -> {
                fail("the agent refused to go on", log);
                yield false;
            }
            default -> true;
        };
    }

    /** The next message the user sent, or null (and no more taken) when none is waiting. */
    private synchronized @Nullable String nextMessage() {
        String next = cancelled ? null : messages.poll();
        takesMessages = next != null;
        if (next != null) {
            log.accept("Your message goes to the agent as the next turn");
        }
        return next;
    }

    @Override
    public synchronized boolean send(String text) {
        if (!takesMessages) {
            return false;
        }
        messages.add(text);
        log.accept("[you] " + text);
        return true;
    }

    /** {@code session/cancel} for the open session; before there is one, nothing to ask. */
    @Override
    public boolean cancel() {
        synchronized (this) {
            cancelled = true;
            takesMessages = false;
        }
        JsonRpcConnection rpc = connection;
        String session = openSession;
        return rpc != null
                && session != null
                && rpc.notify("session/cancel", rpc.object().put("sessionId", session));
    }

    /** The request's result, or null after recording the error (or the end of the agent) as the failure. */
    private @Nullable JsonNode call(JsonRpcConnection rpc, String method, JsonNode params) {
        try {
            return rpc.request(method, params).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof JsonRpcConnection.RpcError error) {
                if (!cancelled) {
                    fail(
                            error.code() == 0
                                    ? error.getMessage() + " (" + method + ")"
                                    : "the agent answered " + method + " with error " + error.code() + ": "
                                            + error.getMessage(),
                            log);
                }
                return null;
            }
            throw e;
        }
    }

    private ObjectNode initializeParams() {
        ObjectNode params = json.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
        ObjectNode capabilities = params.putObject("clientCapabilities");
        // no file system or terminal of ours: the agent edits and runs in the worktree with its own tools
        capabilities.putObject("fs").put("readTextFile", false).put("writeTextFile", false);
        capabilities.put("terminal", false);
        params.putObject("clientInfo").put("name", "intern-village").put("version", "1");
        return params;
    }

    private ObjectNode sessionParams() {
        ObjectNode params = json.createObjectNode().put("cwd", workdir.toString());
        params.putArray("mcpServers");
        return params;
    }

    /** The session's model: its config option of category {@code model}, or the older {@code models} state. */
    private void model(JsonNode session) {
        for (JsonNode option : session.path("configOptions")) {
            if ("model".equals(option.path("category").asString(""))
                    && option.path("currentValue").isString()) {
                model = option.path("currentValue").asString();
                return;
            }
        }
        String current = session.path("models").path("currentModelId").asString(null);
        if (current != null) {
            model = current;
        }
    }

    /** Token usage of the session so far, where the agent reports it (ACP's unstable turn usage). */
    private void usage(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        inputTokens = usage.path("inputTokens").asLong(0);
        outputTokens = usage.path("outputTokens").asLong(0);
        cacheReadTokens = usage.path("cachedReadTokens").asLong(0);
        cacheWriteTokens = usage.path("cachedWriteTokens").asLong(0);
    }

    /** The session's cost so far, from a {@code usage_update} that gives one in US dollars. */
    private void cost(JsonNode update) {
        JsonNode cost = update.path("cost");
        if (cost.path("amount").isNumber()
                && "USD".equalsIgnoreCase(cost.path("currency").asString(""))) {
            costUsd = cost.path("amount").decimalValue();
        }
    }

    /** What the agent asks of the client. */
    private final class Peer implements JsonRpcConnection.Handler {

        @Override
        public JsonNode request(String method, JsonNode params) throws JsonRpcConnection.RpcError {
            if (method.equals("session/request_permission")) {
                return permission(params);
            }
            throw JsonRpcConnection.methodNotFound(method);
        }

        @Override
        public void notification(String method, JsonNode params) {
            if (!method.equals("session/update")) {
                return;
            }
            JsonNode update = params.path("update");
            if ("usage_update".equals(update.path("sessionUpdate").asString(""))) {
                cost(update);
            }
            // a loaded session's history is replayed: it was in the earlier attempt's log already
            if (!loading) {
                updates.render(update, log);
            }
        }

        @Override
        public void text(String line) {
            log.accept(line);
        }

        /** Picks an option by the policy: allow once (or always) inside the sandbox, else reject. */
        private JsonNode permission(JsonNode params) {
            updates.flush(log);
            String title = params.path("toolCall").path("title").asString("a tool call");
            ObjectNode result = json.createObjectNode();
            ObjectNode outcome = result.putObject("outcome");
            String optionId = cancelled ? null : option(params.path("options"));
            if (optionId == null) {
                outcome.put("outcome", "cancelled");
                log.accept("Permission for " + abbreviate(title) + ": cancelled");
                return result;
            }
            outcome.put("outcome", "selected").put("optionId", optionId);
            log.accept("Permission for " + abbreviate(title) + ": "
                    + (allowPermissions ? "allowed" : "rejected (AGENT_ACP_PERMISSIONS=deny)"));
            return result;
        }

        private @Nullable String option(JsonNode options) {
            String[] kinds = allowPermissions
                    ? new String[] {"allow_once", "allow_always"}
                    : new String[] {"reject_once", "reject_always"};
            for (String kind : kinds) {
                for (JsonNode option : options) {
                    if (kind.equals(option.path("kind").asString(""))) {
                        return option.path("optionId").asString(null);
                    }
                }
            }
            return null;
        }
    }
}
