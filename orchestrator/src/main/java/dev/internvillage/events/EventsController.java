package dev.internvillage.events;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.RunService;
import dev.internvillage.auth.Authenticator;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.ApiError;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/projects/{id}/events} (the SSE stream), changing its log subscriptions, and the
 * project's active runs. Once the checks pass, the response's headers go out and the connection is
 * handed over ({@link SseUpgrade}); from then on no request timeout applies, and events are written
 * with non-blocking I/O by whoever publishes them ({@link SseStream}), each batch flushed so nothing
 * holds bytes back.
 */
@RestController
@RequestMapping("/api/projects/{projectId}")
class EventsController {

    private static final Logger log = LoggerFactory.getLogger(EventsController.class);

    private static final int MAX_SUBSCRIPTIONS = 200;

    private final Authenticator authenticator;
    private final ProjectService projects;
    private final RunService runs;
    private final EventHub hub;
    private final LogTails tails;
    private final StreamWriter writer;
    private final EventLogRepository eventLog;
    private final JsonMapper json;

    EventsController(
            Authenticator authenticator,
            ProjectService projects,
            RunService runs,
            EventHub hub,
            LogTails tails,
            StreamWriter writer,
            EventLogRepository eventLog,
            JsonMapper json) {
        this.authenticator = authenticator;
        this.projects = projects;
        this.runs = runs;
        this.hub = hub;
        this.tails = tails;
        this.writer = writer;
        this.eventLog = eventLog;
        this.json = json;
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
     * The stream. Every refusal (401, 403, 404, 400, 429) is decided before the first byte and
     * answered with the JSON error body, whatever the request's {@code Accept} says.
     */
    @GetMapping("/events")
    void stream(
            @PathVariable String projectId,
            @RequestParam(name = "subscribe_logs", required = false) @Nullable String subscribeLogs,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Connection connection;
        ProjectId project;
        LogTails.Request subscriptions;
        Map<RunId, AgentRun> named;
        Long resumeFrom = null;
        boolean badCursor = false;
        try {
            CurrentUser user = authenticator.authenticate(request);
            project = new ProjectId(uuid(projectId, "project id"));
            projects.get(user, project);
            subscriptions = parse(subscribeLogs == null ? List.of() : List.of(subscribeLogs.split(",", -1)));
            named = resolve(user, project, subscriptions);
            String lastEventId = request.getHeader("Last-Event-ID");
            if (lastEventId != null && !lastEventId.isBlank()) {
                try {
                    resumeFrom = Long.parseLong(lastEventId.trim());
                } catch (NumberFormatException e) {
                    resumeFrom = 0L;
                    badCursor = true;
                }
            }
            connection = hub.open(user.id(), project);
        } catch (DomainException e) {
            refuse(response, e.code(), e.getMessage());
            return;
        }
        try {
            // joined the hub first, then the snapshot: anything committed later arrives live
            long head = eventLog.head(project);
            List<EventPayloads.ActiveRun> active = runs.activeRuns(project).stream()
                    .map(EventPayloads.ActiveRun::of)
                    .toList();
            tails.apply(connection, subscriptions, named);
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache, no-transform");
            response.setHeader("X-Accel-Buffering", "no");
            // the body runs until the server closes the connection: no chunked coding, no keep-alive
            response.setHeader("Connection", "close");
            StreamWriter.Start start = new StreamWriter.Start(
                    head, resumeFrom, badCursor, new EventPayloads.Connected(connection.id, project.value(), active));
            SseUpgrade upgrade = request.upgrade(SseUpgrade.class);
            response.setStatus(200); // upgrade() presets 101; this response stays a plain 200 stream
            response.flushBuffer(); // the headers now, with no length: the body is read until the close
            upgrade.then(socket -> writer.start(connection, start, socket), () -> connection.close("client gone"));
        } catch (IOException e) {
            hub.closed(connection); // the client went away before its headers were out
        } catch (ServletException | RuntimeException e) {
            hub.closed(connection);
            log.warn("Event stream {} of project {} failed to start", connection.id, project, e);
        }
    }

    /** Replaces the log subscriptions of an open stream of this project. */
    @PutMapping("/events/{connectionId}/log-subscriptions")
    ResponseEntity<Void> subscriptions(
            CurrentUser user,
            @PathVariable UUID projectId,
            @PathVariable UUID connectionId,
            @RequestBody SubscriptionsBody body) {
        ProjectId project = new ProjectId(projectId);
        projects.get(user, project);
        if (body.runs() == null) {
            throw DomainException.invalid("runs is required");
        }
        Connection connection = hub.connection(connectionId);
        if (connection == null || !connection.project.equals(project)) {
            throw DomainException.notFound("event stream " + connectionId);
        }
        if (!connection.user.equals(user.id())) {
            throw DomainException.forbidden("event stream " + connectionId);
        }
        LogTails.Request request = parse(body.runs());
        tails.apply(connection, request, resolve(user, project, request));
        return ResponseEntity.noContent().build();
    }

    private static LogTails.Request parse(List<String> entries) {
        Map<RunId, Integer> named = new LinkedHashMap<>();
        boolean all = false;
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("all")) {
                all = true;
                continue;
            }
            int at = entry.indexOf('@');
            UUID run = uuid(at < 0 ? entry : entry.substring(0, at), "run id in '" + entry + "'");
            int from = 1;
            if (at >= 0) {
                try {
                    from = Integer.parseInt(entry.substring(at + 1));
                } catch (NumberFormatException e) {
                    from = 0;
                }
                if (from < 1) {
                    throw DomainException.invalid("'" + entry + "': the line after @ must be a whole number from 1");
                }
            }
            named.put(new RunId(run), from);
            if (named.size() > MAX_SUBSCRIPTIONS) {
                throw DomainException.invalid("at most " + MAX_SUBSCRIPTIONS + " log subscriptions per stream");
            }
        }
        return new LogTails.Request(java.util.Collections.unmodifiableMap(named), all);
    }

    /** The runs named, each checked to be the user's and of this project. */
    private Map<RunId, AgentRun> resolve(CurrentUser user, ProjectId project, LogTails.Request request) {
        Map<RunId, AgentRun> resolved = new LinkedHashMap<>();
        for (RunId id : request.runs().keySet()) {
            AgentRun run = runs.get(user, id);
            if (!run.projectId().equals(project)) {
                throw DomainException.unprocessable("run " + id + " is not a run of project " + project);
            }
            resolved.put(id, run);
        }
        return resolved;
    }

    private static UUID uuid(String value, String what) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(what + " must be a UUID");
        }
    }

    private void refuse(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        ApiError.write(response, code, message);
    }
}
