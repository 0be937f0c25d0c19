package dev.internvillage.events.sse;

import dev.internvillage.agent.RunService;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.DomainException;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.events.log.EventScope;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/projects/{id}/events} (the SSE stream), changing its log subscriptions, and the
 * project's active runs. Once a stream is open ({@link StreamOpenings}), events are written with
 * non-blocking I/O by whoever publishes them ({@link SseStream}), each batch flushed so nothing holds
 * bytes back.
 */
@RestController
@RequestMapping("/api/projects/{projectId}")
class EventsController {

    private final ProjectService projects;
    private final RunService runs;
    private final StreamOpenings openings;
    private final StreamRouting routing;

    EventsController(ProjectService projects, RunService runs, StreamOpenings openings, StreamRouting routing) {
        this.projects = projects;
        this.runs = runs;
        this.openings = openings;
        this.routing = routing;
    }

    record ActiveRuns(List<EventPayloads.ActiveRun> runs) {}

    record SubscriptionsBody(@Nullable List<String> runs) {}

    @GetMapping("/active-runs")
    ActiveRuns activeRuns(CurrentUser user, @PathVariable UUID projectId) {
        return new ActiveRuns(runs.activeRuns(user, new ProjectId(projectId)).stream()
                .map(EventPayloads.ActiveRun::of)
                .toList());
    }

    /**
     * The stream ({@link StreamOpenings}). {@link StreamFastPath} opens it before this mapping is reached;
     * a request it leaves alone (an encoded path segment, say) still opens it here.
     */
    @GetMapping("/events")
    void stream(
            @PathVariable String projectId,
            @RequestParam(name = "subscribe_logs", required = false) @Nullable String subscribeLogs,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        openings.project(request, response, projectId, subscribeLogs);
    }

    /** Replaces the log subscriptions of an open stream of this project, on whichever instance holds it. */
    @PutMapping("/events/{connectionId}/log-subscriptions")
    ResponseEntity<Void> subscriptions(
            CurrentUser user,
            @PathVariable UUID projectId,
            @PathVariable UUID connectionId,
            @RequestBody SubscriptionsBody body) {
        ProjectId project = new ProjectId(projectId);
        projects.get(user, project);
        routing.replace(user, connectionId, new EventScope.Project(project), required(body));
        return ResponseEntity.noContent().build();
    }

    /** The user's open stream of {@code scope} with that id; another's, or a closed one, is not found. */
    static Subscriber openStream(EventHub hub, CurrentUser user, UUID connectionId, EventScope scope) {
        Subscriber connection = hub.subscriber(connectionId);
        if (connection == null || !connection.scope.equals(scope) || !connection.user.equals(user.id())) {
            throw DomainException.notFound("event stream");
        }
        return connection;
    }

    static List<String> required(SubscriptionsBody body) {
        if (body.runs() == null) {
            throw DomainException.invalid("runs is required");
        }
        return body.runs();
    }
}
