package dev.internvillage.events.sse;

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
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Opens the two kinds of stream, a project's ({@code GET /api/projects/{id}/events}) and the user's
 * ({@code GET /api/events}), whichever way the request arrived: straight from {@link StreamFastPath}
 * or through the controllers. Every refusal (401, 404, 400, 429) is decided before the first byte and
 * answered with the JSON error body, whatever the request's {@code Accept} says. Once the checks
 * pass, the stream joins the hub and its connection is handed over ({@link StreamHandover}).
 */
@Component
class StreamOpenings {

    private final Authenticator authenticator;
    private final EventHub hub;
    private final LogSubscriptions subscriptions;
    private final StreamHandover handover;
    private final ConnectReads reads;

    StreamOpenings(
            Authenticator authenticator,
            EventHub hub,
            LogSubscriptions subscriptions,
            StreamHandover handover,
            ConnectReads reads) {
        this.authenticator = authenticator;
        this.hub = hub;
        this.subscriptions = subscriptions;
        this.handover = handover;
        this.reads = reads;
    }

    /** A project's stream; {@code projectId} as the path has it, not yet checked. */
    void project(
            HttpServletRequest request, HttpServletResponse response, String projectId, @Nullable String subscribeLogs)
            throws IOException {
        open(request, response, subscribeLogs, user -> {
            ProjectId project = new ProjectId(uuid(projectId, "project id"));
            reads.checkOwner(user, project);
            return new EventScope.Project(project);
        });
    }

    /** The user's stream of everything in all their projects. */
    void user(HttpServletRequest request, HttpServletResponse response, @Nullable String subscribeLogs)
            throws IOException {
        open(request, response, subscribeLogs, user -> new EventScope.User(user.id()));
    }

    /** {@code scopeOf} names the stream's scope once the user is known, or refuses with a DomainException. */
    private void open(
            HttpServletRequest request,
            HttpServletResponse response,
            @Nullable String subscribeLogs,
            Function<CurrentUser, EventScope> scopeOf)
            throws IOException {
        Subscriber connection;
        EventScope scope;
        LogSubscriptions.Resolved logs;
        StreamHandover.Resume resume;
        try {
            CurrentUser user = authenticator.authenticate(request);
            scope = scopeOf.apply(user);
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
            return new StreamHandover.Snapshot(head, connected(connection.id, scope, active));
        });
    }

    private static Object connected(UUID connectionId, EventScope scope, List<EventPayloads.ActiveRun> active) {
        return switch (scope) {
            case EventScope.Project project ->
                new EventPayloads.Connected(connectionId, project.id().value(), active);
            case EventScope.User user ->
                new EventPayloads.UserConnected(connectionId, user.id().value(), active);
        };
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
