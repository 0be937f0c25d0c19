package dev.internvillage.events.sse;

import dev.internvillage.auth.CurrentUser;
import dev.internvillage.events.log.EventScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

    private final StreamOpenings openings;
    private final StreamRouting routing;

    UserEventsController(StreamOpenings openings, StreamRouting routing) {
        this.openings = openings;
        this.routing = routing;
    }

    /** The stream ({@link StreamOpenings}); {@link StreamFastPath} opens it before this mapping is reached. */
    @GetMapping("/api/events")
    void stream(
            @RequestParam(name = "subscribe_logs", required = false) @Nullable String subscribeLogs,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        openings.user(request, response, subscribeLogs);
    }

    /** Replaces the log subscriptions of the user's open user-level stream, on whichever instance holds it. */
    @PutMapping("/api/events/{connectionId}/log-subscriptions")
    ResponseEntity<Void> subscriptions(
            CurrentUser user, @PathVariable UUID connectionId, @RequestBody EventsController.SubscriptionsBody body) {
        routing.replace(user, connectionId, new EventScope.User(user.id()), EventsController.required(body));
        return ResponseEntity.noContent().build();
    }
}
