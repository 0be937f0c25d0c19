package dev.internvillage.events.log;

/**
 * Told after a transaction that appended events to a project's (and its owner's) log has committed. The log does not
 * know who reads it; the hub listens here to fan the new entries out.
 */
public interface EventLogListener {

    /** New events of the scope's log are committed (called on the committing thread: must not block). */
    void committed(EventScope scope);
}
