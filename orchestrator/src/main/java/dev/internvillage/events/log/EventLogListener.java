package dev.internvillage.events.log;

import java.util.Map;

/**
 * Told after a transaction that appended events to a project's (and its owner's) log has committed. The log does not
 * know who reads it; the hub listens here to fan the new entries out.
 */
public interface EventLogListener {

    /** New events of the scope's log are committed (called on the committing thread: must not block). */
    void committed(EventScope scope);

    /**
     * The current transaction appends to these logs, which end at these heads once it commits. Called
     * once per transaction, inside it, just before the commit: whatever the listener writes to the
     * database commits or rolls back with the events.
     */
    default void appending(Map<EventScope, Long> heads) {}
}
