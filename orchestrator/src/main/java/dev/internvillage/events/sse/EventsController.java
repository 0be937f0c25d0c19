package dev.internvillage.events.sse;

import dev.internvillage.agent.RunService;
import dev.internvillage.auth.Authenticator;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.ApiError;
import dev.internvillage.common.CanonicalUuid;
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
 * project's active runs. Once the checks pass, the stream joins the hub and its connection is handed
 * over ({@link StreamHandover}); events are then written with non-blocking I/O by whoever publishes
 * them ({@link SseStream}), each batch flushed so nothing holds bytes back.
 */
@RestController
@RequestMapping("/api/projects/{projectId}")
class EventsController {

    private final Authenticator authenticator;
    private final ProjectService projects;
    private final RunService runs;
    private final EventHub hub;
    private final LogSubscriptions subscriptions;
    private final StreamHandover handover;
    private final ConnectReads reads;
    private final StreamRouting routing;

    EventsController(
            Authenticator authenticator,
            ProjectService projects,
            RunService runs,
            EventHub hub,
            LogSubscriptions subscriptions,
            StreamHandover handover,
            ConnectReads reads,
            StreamRouting routing) {
        this.authenticator = authenticator;
        this.projects = projects;
        this.runs = runs;
        this.hub = hub;
        this.subscriptions = subscriptions;
        this.handover = handover;
        this.reads = reads;
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
     * The stream. Every refusal (401, 404, 400, 429) is decided before the first byte and
     * answered with the JSON error body, whatever the request's {@code Accept} says.
     */
    @GetMapping("/events")
    void stream(
            @PathVariable String projectId,
            @RequestParam(name = "subscribe_logs", required = false) @Nullable String subscribeLogs,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Subscriber connection;
        ProjectId project;
        EventScope scope;
        LogSubscriptions.Resolved logs;
        StreamHandover.Resume resume;
        try {
            CurrentUser user = authenticator.authenticate(request);
            project = new ProjectId(uuid(projectId, "project id"));
            reads.checkOwner(user, project);
            scope = new EventScope.Project(project);
            logs = subscriptions.resolve(user, scope, entries(subscribeLogs));
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
                    head, new EventPayloads.Connected(connection.id, project.value(), active));
        });
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

    /** The comma-separated {@code subscribe_logs} entries. */
    static List<String> entries(@Nullable String subscribeLogs) {
        return subscribeLogs == null ? List.of() : List.of(subscribeLogs.split(",", -1));
    }

    private static UUID uuid(String value, String what) {
        try {
            return CanonicalUuid.parse(value);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(what + " must be a UUID");
        }
    }
}
