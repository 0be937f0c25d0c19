package dev.internvillage.events.sse;

import dev.internvillage.auth.Authenticator;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.ApiError;
import dev.internvillage.common.DomainException;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.events.log.EventScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/events}: one stream of everything in all the user's projects, with the same
 * contract as a project's stream (ids, {@code Last-Event-ID}, heartbeats, log subscriptions, the
 * per-user connection limit), its ids numbered in the user's own sequence and every event's data
 * naming its {@code project_id}. The activity view and the needs-you inbox follow it.
 */
@RestController
class UserEventsController {

    private final Authenticator authenticator;
    private final EventHub hub;
    private final LogSubscriptions subscriptions;
    private final StreamHandover handover;
    private final ConnectReads reads;
    private final StreamRouting routing;

    UserEventsController(
            Authenticator authenticator,
            EventHub hub,
            LogSubscriptions subscriptions,
            StreamHandover handover,
            ConnectReads reads,
            StreamRouting routing) {
        this.authenticator = authenticator;
        this.hub = hub;
        this.subscriptions = subscriptions;
        this.handover = handover;
        this.reads = reads;
        this.routing = routing;
    }

    /** The stream; refusals (401, 400, 429) are JSON errors sent before the first byte. */
    @GetMapping("/api/events")
    void stream(
            @RequestParam(name = "subscribe_logs", required = false) @Nullable String subscribeLogs,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Subscriber connection;
        EventScope.User scope;
        LogSubscriptions.Resolved logs;
        StreamHandover.Resume resume;
        try {
            CurrentUser user = authenticator.authenticate(request);
            scope = new EventScope.User(user.id());
            logs = subscriptions.resolve(user, scope, EventsController.entries(subscribeLogs));
            resume = StreamHandover.Resume.of(request);
            connection = hub.open(user.id(), scope);
        } catch (DomainException e) {
            ApiError.write(response, e.code(), e.getMessage());
            return;
        }
        handover.begin(request, response, connection, resume, () -> {
            long head = reads.head(scope);
            List<EventPayloads.ActiveRun> active = reads.activeRuns(scope);
            subscriptions.apply(connection, logs);
            return new StreamHandover.Snapshot(
                    head,
                    new EventPayloads.UserConnected(connection.id, scope.id().value(), active));
        });
    }

    /** Replaces the log subscriptions of the user's open user-level stream, on whichever instance holds it. */
    @PutMapping("/api/events/{connectionId}/log-subscriptions")
    ResponseEntity<Void> subscriptions(
            CurrentUser user, @PathVariable UUID connectionId, @RequestBody EventsController.SubscriptionsBody body) {
        routing.replace(user, connectionId, new EventScope.User(user.id()), EventsController.required(body));
        return ResponseEntity.noContent().build();
    }
}
