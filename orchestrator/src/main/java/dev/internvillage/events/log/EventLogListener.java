package dev.internvillage.events.log;

/**
 * Told after a transaction that appended events to a project's (and its owner's) log has committed. The log does not
 * know who reads it; the hub listens here to fan the new entries out.
 */
public interface EventLogListener {

    /** New events of the scope's log are committed (called on the committing thread: must not block). */
    void committed(EventScope scope);

    /**
     * The current transaction appends to the scope's log, which ends at {@code head} once it commits.
     * Called inside the transaction just before the commit, once per log and transaction: whatever
     * the listener writes to the database commits or rolls back with the events.
     */
    default void appending(EventScope scope, long head) {}
}
