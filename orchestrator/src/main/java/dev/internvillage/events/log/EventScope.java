package dev.internvillage.events.log;

import dev.internvillage.auth.UserId;
import dev.internvillage.project.ProjectId;

/**
 * Which event log a stream reads: one project's, or one user's (every event of all the projects the
 * user owns, numbered in a sequence of its own, so a user-level stream resumes like a project's).
 */
public sealed interface EventScope {

    /** The log of one project: {@code GET /api/projects/{id}/events}. */
    record Project(ProjectId id) implements EventScope {}

    /** The log of everything in the user's projects: {@code GET /api/events}. */
    record User(UserId id) implements EventScope {}
}
