package dev.internvillage.events.sse;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.RunService;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.auth.UserId;
import dev.internvillage.cluster.ClusterSignals;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.events.log.EventScope;
import dev.internvillage.events.tail.LogTails;
import dev.internvillage.project.ProjectId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changing a stream's log subscriptions on whichever instance holds it. A stream lives on one
 * instance, but behind a balancer the PUT may land on any: an instance that does not hold the
 * connection checks what it can from the database (the project, the body, the runs), then signals
 * the resolved subscription on {@value #CHANNEL} ({@code s <json>}) and waits up to {@link #WAIT} for
 * the holder's ack ({@code a <request id> applied}, or {@code failed}). The holder applies it as the local path does; an
 * instance that does not hold it stays silent, so no ack within the wait means no instance holds it
 * and the answer is 404 as for a closed stream. With the embedded database the app is alone and
 * only the local path runs.
 */
@Component
class StreamRouting implements DisposableBean {

    static final String CHANNEL = "iv_streams";
    static final Duration WAIT = Duration.ofSeconds(2);
    private static final String APPLIED = "applied";

    private static final Logger log = LoggerFactory.getLogger(StreamRouting.class);

    private final EventHub hub;
    private final LogSubscriptions subscriptions;
    private final RunService runs;
    private final ClusterSignals signals;
    private final JsonMapper json;
    private final Map<UUID, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    // applying reads the database (the runs, the active ones for "all"): never on the signal thread
    private final ExecutorService applying = Executors.newVirtualThreadPerTaskExecutor();

    /** What travels: the request, the stream and its owner, and the subscription resolved by the sender. */
    record Forwarded(
            UUID request,
            UUID connection,
            UUID user,
            String scope,
            UUID scopeId,
            Map<UUID, Integer> runs,
            boolean all,
            List<String> refused) {}

    StreamRouting(
            EventHub hub, LogSubscriptions subscriptions, RunService runs, ClusterSignals signals, JsonMapper json) {
        this.hub = hub;
        this.subscriptions = subscriptions;
        this.runs = runs;
        this.signals = signals;
        this.json = json;
        if (signals.shared()) {
            signals.listen(CHANNEL, this::received);
        }
    }

    /**
     * Makes {@code raw} the log subscriptions of the user's stream {@code connectionId} of {@code
     * scope}, on this instance or the one holding it.
     *
     * @throws DomainException NOT_FOUND when no instance holds such a stream, INVALID_REQUEST for a bad
     *     body, PAYLOAD_TOO_LARGE when the subscription does not fit in a signal
     */
    void replace(CurrentUser user, UUID connectionId, EventScope scope, List<String> raw) {
        if (hub.subscriber(connectionId) != null || !signals.shared()) {
            Subscriber connection = EventsController.openStream(hub, user, connectionId, scope);
            subscriptions.apply(connection, subscriptions.resolve(user, scope, raw));
            return;
        }
        LogSubscriptions.Resolved resolved = subscriptions.resolve(user, scope, raw);
        UUID request = UUID.randomUUID();
        Map<UUID, Integer> named = new LinkedHashMap<>();
        resolved.request().runs().forEach((run, from) -> named.put(run.value(), from));
        String payload = "s "
                + json.writeValueAsString(new Forwarded(
                        request,
                        connectionId,
                        user.id().value(),
                        kind(scope),
                        scopeId(scope),
                        named,
                        resolved.request().all(),
                        resolved.refused()));
        if (payload.getBytes(StandardCharsets.UTF_8).length > ClusterSignals.MAX_PAYLOAD_BYTES) {
            throw new DomainException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the log subscriptions are too long to pass to the instance holding the stream;"
                            + " send fewer entries, or reconnect with subscribe_logs");
        }
        CompletableFuture<Void> acked = new CompletableFuture<>();
        pending.put(request, acked);
        try {
            signals.send(CHANNEL, payload);
            acked.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw DomainException.notFound("event stream");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.notFound("event stream");
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Changing the log subscriptions of stream " + connectionId + " failed on the instance holding it");
        } finally {
            pending.remove(request);
        }
    }

    /** On the signal thread: a map lookup decides; the apply itself goes to a virtual thread. */
    private void received(String payload) {
        try {
            if (payload.startsWith("a ")) {
                String[] ack = payload.split(" ", 3);
                CompletableFuture<Void> acked = pending.get(UUID.fromString(ack[1]));
                if (acked != null && ack.length == 3 && ack[2].equals(APPLIED)) {
                    acked.complete(null);
                } else if (acked != null) {
                    acked.completeExceptionally(new IllegalStateException("the holder failed to apply them"));
                }
            } else if (payload.startsWith("s ")) {
                Forwarded forwarded = json.readValue(payload.substring(2), Forwarded.class);
                Subscriber connection = hub.subscriber(forwarded.connection());
                if (connection != null
                        && connection.user.equals(new UserId(forwarded.user()))
                        && connection.scope.equals(scope(forwarded))) {
                    applying.execute(() -> apply(connection, forwarded));
                }
                // else another instance holds it, or none does and the sender times out
            }
        } catch (RuntimeException e) {
            log.warn("Ignored a malformed stream signal '{}': {}", payload, e.getMessage());
        }
    }

    private void apply(Subscriber connection, Forwarded forwarded) {
        try {
            Map<RunId, AgentRun> named = new LinkedHashMap<>();
            Map<RunId, Integer> from = new LinkedHashMap<>();
            List<String> refused = new ArrayList<>(forwarded.refused());
            for (Map.Entry<UUID, Integer> entry : forwarded.runs().entrySet()) {
                RunId id = new RunId(entry.getKey());
                try {
                    named.put(id, runs.get(id)); // the sender checked it is the user's and in scope
                    from.put(id, entry.getValue());
                } catch (DomainException e) {
                    refused.add(entry.getKey().toString()); // deleted since the sender checked it
                }
            }
            subscriptions.apply(
                    connection,
                    new LogSubscriptions.Resolved(named, new LogTails.Request(from, forwarded.all()), refused));
            signals.send(CHANNEL, "a " + forwarded.request() + " " + APPLIED);
        } catch (RuntimeException e) {
            log.warn("Applying forwarded log subscriptions failed: {}", e.getMessage());
            // the sender answers 500 at once, as the local path would, instead of a late 404
            signals.send(CHANNEL, "a " + forwarded.request() + " failed");
        }
    }

    private static String kind(EventScope scope) {
        return scope instanceof EventScope.Project ? "p" : "u";
    }

    private static UUID scopeId(EventScope scope) {
        return switch (scope) {
            case EventScope.Project project -> project.id().value();
            case EventScope.User user -> user.id().value();
        };
    }

    private static EventScope scope(Forwarded forwarded) {
        return forwarded.scope().equals("p")
                ? new EventScope.Project(new ProjectId(forwarded.scopeId()))
                : new EventScope.User(new UserId(forwarded.scopeId()));
    }

    @Override
    public void destroy() {
        applying.shutdownNow();
    }
}
