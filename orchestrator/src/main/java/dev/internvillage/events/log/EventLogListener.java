package dev.internvillage.events.log;

import dev.internvillage.project.ProjectId;

/**
 * Told after a transaction that appended events to a project's log has committed. The log does not
 * know who reads it; the hub listens here to fan the new entries out.
 */
public interface EventLogListener {

    /** New events of {@code project} are committed (called on the committing thread: must not block). */
    void committed(ProjectId project);
}
