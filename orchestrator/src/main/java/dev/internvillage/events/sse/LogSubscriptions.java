package dev.internvillage.events.sse;

import dev.internvillage.agent.AgentRun;
import dev.internvillage.agent.RunId;
import dev.internvillage.agent.RunService;
import dev.internvillage.auth.CurrentUser;
import dev.internvillage.common.CanonicalUuid;
import dev.internvillage.common.DomainException;
import dev.internvillage.events.EventPayloads;
import dev.internvillage.events.hub.Outgoing;
import dev.internvillage.events.hub.Subscriber;
import dev.internvillage.events.log.EventScope;
import dev.internvillage.events.tail.LogTails;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stream's log subscriptions as a client asks for them ({@code subscribe_logs} and the PUT):
 * read, checked against the runs the stream's scope holds, and handed to the {@link LogTails}. An
 * entry that names no run of the scope is reported on the stream as an {@code error} event, and the
 * rest is served.
 */
@Component
class LogSubscriptions {

    private static final int MAX_SUBSCRIPTIONS = 200;

    private final RunService runs;
    private final LogTails tails;
    private final JsonMapper json;

    LogSubscriptions(RunService runs, LogTails tails, JsonMapper json) {
        this.runs = runs;
        this.tails = tails;
        this.json = json;
    }

    /** One entry of a request: its text, and the run and first line it names, if any. */
    private record Entry(String text, @Nullable RunId run, int from) {}

    /** The entries of a request, in order, and whether it asks for every run. */
    private record Entries(List<Entry> entries, boolean all) {}

    /** An understood request: the runs it names, checked, and the entries that name no run of the scope. */
    record Resolved(Map<RunId, AgentRun> runs, LogTails.Request request, List<String> refused) {}

    /**
     * Reads and checks a request's entries.
     *
     * @throws DomainException INVALID_REQUEST past {@value #MAX_SUBSCRIPTIONS} entries
     */
    Resolved resolve(CurrentUser user, EventScope scope, List<String> raw) {
        return resolve(user, scope, parse(raw));
    }

    /** Reports the refused entries on the stream and makes the rest its subscriptions. */
    void apply(Subscriber connection, Resolved resolved) {
        for (String entry : resolved.refused()) {
            connection.offer(new Outgoing.Error(json.writeValueAsString(new EventPayloads.Error(
                    "INVALID_SUBSCRIPTION",
                    "'" + entry + "' names no run of this " + noun(connection.scope)
                            + "; log subscription entries are <run id>, <run id>@<line> or all",
                    null,
                    entry))));
        }
        tails.apply(connection, resolved.request(), resolved.runs());
    }

    private static String noun(EventScope scope) {
        return scope instanceof EventScope.Project ? "project" : "user";
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
     * The runs named, each checked to be the user's and, on a project stream, of that project. One
     * that is not is refused the same way whether it does not exist, is another project's or another
     * user's, so the answer says nothing about runs the user cannot see.
     */
    private Resolved resolve(CurrentUser user, EventScope scope, Entries entries) {
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
            if (run == null || !inScope(run, scope)) {
                refused.add(entry.text());
            } else {
                resolved.put(run.id(), run);
                kept.put(run.id(), entry.from());
            }
        }
        return new Resolved(resolved, new LogTails.Request(Collections.unmodifiableMap(kept), entries.all()), refused);
    }

    /** {@link RunService#get} already checked the run is the user's. */
    private static boolean inScope(AgentRun run, EventScope scope) {
        return switch (scope) {
            case EventScope.Project project -> run.projectId().equals(project.id());
            case EventScope.User user -> true;
        };
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
}
