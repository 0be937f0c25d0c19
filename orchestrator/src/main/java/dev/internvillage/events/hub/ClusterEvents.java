package dev.internvillage.events.hub;

import dev.internvillage.auth.UserId;
import dev.internvillage.cluster.ClusterSignals;
import dev.internvillage.cluster.InstanceId;
import dev.internvillage.common.PeriodicJob;
import dev.internvillage.common.Settings;
import dev.internvillage.events.log.EventLog;
import dev.internvillage.events.log.EventLogListener;
import dev.internvillage.events.log.EventScope;
import dev.internvillage.project.ProjectDeleted;
import dev.internvillage.project.ProjectId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Wakes the hubs of the other instances on one database. A transaction that appends to event logs
 * sends one signal naming each log with the head it has once the transaction commits ({@code p
 * <instance> <project> <head>}, {@code u ...} for a user's log, joined by {@code ;}); every instance's hub fans out what it has not sent yet of
 * the logs it has streams of, reading the entries from the database as for its own commits. The log
 * stays the truth: a lost signal is repaired by the next one of the same log, by a slow check of the
 * heads of every open log, and, after the signal connection was down, by waking every open log.
 *
 * <p>A deleted project has no log left to read its end from, so its deletion is a signal of its own
 * ({@code d <instance> <project> <deleted at>}). With the embedded database the app is alone and
 * nothing is sent.
 */
@Component
class ClusterEvents implements EventLogListener, SmartLifecycle {

    static final String CHANNEL = "iv_events";
    static final String CHECK_INTERVAL_VARIABLE = "EVENTS_SIGNAL_CHECK_MS";
    private static final String SEPARATOR = ";";

    private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);

    private final ClusterSignals signals;
    private final String self;
    private final EventHub hub;
    private final EventLog eventLog;
    private final Duration checkInterval;
    private final PeriodicJob check = new PeriodicJob("event-signal-check");

    ClusterEvents(ClusterSignals signals, InstanceId instance, EventHub hub, EventLog eventLog, Settings settings) {
        this.signals = signals;
        this.self = instance.value();
        this.hub = hub;
        this.eventLog = eventLog;
        this.checkInterval = Duration.ofMillis(settings.integer(CHECK_INTERVAL_VARIABLE, 5_000, 100, 3_600_000));
        if (signals.shared()) {
            signals.listen(CHANNEL, this::received);
            signals.onGap(hub::wakeAll);
        }
    }

    /**
     * One signal for all the logs the transaction appends to, however many events it appends: each
     * signal is a statement more while the logs' counters are locked.
     */
    @Override
    public void appending(Map<EventScope, Long> heads) {
        if (!signals.shared() || heads.isEmpty()) {
            return;
        }
        StringBuilder payload = new StringBuilder();
        for (Map.Entry<EventScope, Long> head : heads.entrySet()) {
            String entry = switch (head.getKey()) {
                        case EventScope.Project project ->
                            "p " + self + " " + project.id().value();
                        case EventScope.User user ->
                            "u " + self + " " + user.id().value();
                    }
                    + " " + head.getValue();
            if (payload.length() + entry.length() + 1 > ClusterSignals.MAX_PAYLOAD_BYTES) {
                signals.send(CHANNEL, payload.toString());
                payload.setLength(0);
            }
            payload.append(payload.isEmpty() ? "" : SEPARATOR).append(entry);
        }
        signals.send(CHANNEL, payload.toString());
    }

    @Override
    public void committed(EventScope scope) {
        // this instance's hub is told directly
    }

    /** Published inside the deleting transaction, so the signal goes with its commit. */
    @EventListener
    void on(ProjectDeleted event) {
        if (signals.shared()) {
            signals.send(CHANNEL, "d " + self + " " + event.projectId().value() + " " + event.deletedAt());
        }
    }

    private void received(String payload) {
        for (String entry : payload.split(SEPARATOR)) {
            receivedEntry(entry);
        }
    }

    private void receivedEntry(String payload) {
        String[] parts = payload.split(" ", 4);
        if (parts.length != 4 || parts[1].equals(self)) {
            return; // this instance's own commits woke its hub already
        }
        try {
            UUID id = UUID.fromString(parts[2]);
            switch (parts[0]) {
                case "p" -> hub.signalled(new EventScope.Project(new ProjectId(id)), Long.parseLong(parts[3]));
                case "u" -> hub.signalled(new EventScope.User(new UserId(id)), Long.parseLong(parts[3]));
                case "d" -> hub.projectDeleted(new ProjectId(id), Instant.parse(parts[3]));
                default -> log.debug("Ignored an event signal of unknown kind: {}", payload);
            }
        } catch (RuntimeException e) {
            log.warn("Ignored a malformed event signal '{}': {}", payload, e.getMessage());
        }
    }

    /** Repairs lost signals: one query for the heads of every log with open streams here. */
    private void checkHeads() {
        try {
            Set<EventScope> open = hub.openScopes();
            if (open.isEmpty()) {
                return;
            }
            for (Map.Entry<EventScope, Long> head : eventLog.heads(open).entrySet()) {
                hub.signalled(head.getKey(), head.getValue());
            }
        } catch (RuntimeException e) {
            log.warn("Checking the event logs' heads failed: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        if (signals.shared()) {
            check.start(checkInterval, checkInterval, this::checkHeads);
        }
    }

    @Override
    public void stop() {
        check.stop();
    }

    @Override
    public boolean isRunning() {
        return check.isRunning();
    }
}
