package dev.internvillage.events.sse;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.RunService;
import dev.internvillage.auth.Authenticator;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.ApiError;
import dev.internvillage.common.CanonicalUuid;
import dev.internvillage.common.DomainException;
import dev.internvillage.common.ErrorCode;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.events.hub.EventHub;
import dev.internvillage.events.hub.Outgoing;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.events.log.EventLog;
import dev.internvillage.events.tail.LogTails;
import dev.internvillage.project.ProjectId;
import dev.internvillage.project.ProjectService;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
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
 * holds bytes back. A log subscription entry that names no run of the project is reported on the
 * stream as an {@code error} event, and the rest is served.
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
    private final StreamStarter starter;
    private final EventLog eventLog;
    private final JsonMapper json;

    EventsController(
            Authenticator authenticator,
            ProjectService projects,
            RunService runs,
            EventHub hub,
            LogTails tails,
            StreamStarter starter,
            EventLog eventLog,
            JsonMapper json) {
        this.authenticator = authenticator;
        this.projects = projects;
        this.runs = runs;
        this.hub = hub;
        this.tails = tails;
        this.starter = starter;
        this.eventLog = eventLog;
        this.json = json;
    }

    record ActiveRuns(List<EventPayloads.ActiveRun> runs) {}

    record SubscriptionsBody(@Nullable List<String> runs) {}

    /** One entry of a log subscription request: its text, and the run and first line it names, if any. */
    private record Entry(String text, @Nullable RunId run, int from) {}

    /** The subscription entries of a request, in order, and whether it asks for every run. */
    private record Entries(List<Entry> entries, boolean all) {}

    /** The runs an understood request names, checked, and the entries that name no run of the project. */
    private record Resolved(Map<RunId, AgentRun> runs, LogTails.Request request, List<String> refused) {}

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
        Resolved subscriptions;
        Long resumeFrom = null;
        boolean badCursor = false;
        try {
            CurrentUser user = authenticator.authenticate(request);
            project = new ProjectId(uuid(projectId, "project id"));
            projects.get(user, project);
            subscriptions = resolve(
                    user, project, parse(subscribeLogs == null ? List.of() : List.of(subscribeLogs.split(",", -1))));
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
            report(connection, subscriptions.refused());
            tails.apply(connection, subscriptions.request(), subscriptions.runs());
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache, no-transform");
            response.setHeader("X-Accel-Buffering", "no");
            // the body runs until the server closes the connection: no chunked coding, no keep-alive
            response.setHeader("Connection", "close");
            StreamStarter.Start start = new StreamStarter.Start(
                    head, resumeFrom, badCursor, new EventPayloads.Connected(connection.id, project.value(), active));
            SseUpgrade upgrade = request.upgrade(SseUpgrade.class);
            response.setStatus(200); // upgrade() presets 101; this response stays a plain 200 stream
            response.flushBuffer(); // the headers now, with no length: the body is read until the close
            upgrade.then(socket -> starter.start(connection, start, socket), () -> connection.close("client gone"));
        } catch (IOException e) {
            starter.ended(connection); // the client went away before its headers were out
        } catch (ServletException | RuntimeException e) {
            starter.ended(connection);
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
        Subscriber connection = hub.subscriber(connectionId);
        if (connection == null || !connection.project.equals(project) || !connection.user.equals(user.id())) {
            throw DomainException.notFound("event stream");
        }
        Resolved resolved = resolve(user, project, parse(body.runs()));
        report(connection, resolved.refused());
        tails.apply(connection, resolved.request(), resolved.runs());
        return ResponseEntity.noContent().build();
    }

    /** One {@code error} event per refused entry, on the stream that asked. */
    private void report(Subscriber connection, List<String> refused) {
        for (String entry : refused) {
            connection.offer(new Outgoing.Error(json.writeValueAsString(new EventPayloads.Error(
                    "INVALID_SUBSCRIPTION",
                    "'" + entry + "' names no run of this project; log subscription entries are <run id>,"
                            + " <run id>@<line> or all",
                    null,
                    entry))));
        }
    }

    /**
     * Reads the entries: {@code all}, {@code <run id>} (live lines from now on) and {@code <run
     * id>@<line>} (from that line); anything else names no run and is reported.
     */
    private static Entries parse(List<String> raw) {
        List<Entry> entries = new ArrayList<>();
        boolean all = false;
        int count = 0;
        for (String text : raw) {
            String entry = text == null ? "" : text.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (++count > MAX_SUBSCRIPTIONS) {
                throw DomainException.invalid("at most " + MAX_SUBSCRIPTIONS + " log subscriptions per stream");
            }
            if (entry.equals("all")) {
                all = true;
                continue;
            }
            int at = entry.indexOf('@');
            UUID run = uuidOrNull(at < 0 ? entry : entry.substring(0, at));
            int from = at < 0 ? LogTails.Request.LIVE : lineOrZero(entry.substring(at + 1));
            boolean wellFormed = run != null && (at < 0 || from >= 1);
            entries.add(new Entry(entry, wellFormed ? new RunId(run) : null, from));
        }
        return new Entries(entries, all);
    }

    /**
     * The runs named, each checked to be the user's and of this project. One that is not is refused
     * the same way whether it does not exist, is another project's or another user's, so the answer
     * says nothing about runs the user cannot see.
     */
    private Resolved resolve(CurrentUser user, ProjectId project, Entries entries) {
        Map<RunId, AgentRun> resolved = new LinkedHashMap<>();
        Map<RunId, Integer> kept = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (Entry entry : entries.entries()) {
            AgentRun run = null;
            if (entry.run() != null) {
                try {
                    run = runs.get(user, entry.run());
                } catch (DomainException e) {
                    // not found, or not the user's: refused below like a run of another project
                }
            }
            if (run == null || !run.projectId().equals(project)) {
                refused.add(entry.text());
            } else {
                resolved.put(run.id(), run);
                kept.put(run.id(), entry.from());
            }
        }
        return new Resolved(resolved, new LogTails.Request(Collections.unmodifiableMap(kept), entries.all()), refused);
    }

    private static @Nullable UUID uuidOrNull(String value) {
        try {
            return CanonicalUuid.parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int lineOrZero(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static UUID uuid(String value, String what) {
        try {
            return CanonicalUuid.parse(value);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(what + " must be a UUID");
        }
    }

    private void refuse(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        ApiError.write(response, code, message);
    }
}
