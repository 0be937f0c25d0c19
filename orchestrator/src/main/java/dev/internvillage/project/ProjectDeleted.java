package dev.internvillage.project;

import dev.internvillage.auth.UserId;
import java.time.Instant;

/**
 * A project was deleted with everything in it, its event log included. Published inside the
 * deleting transaction; the event streams act on it once that has committed.
 */
public record ProjectDeleted(ProjectId projectId, UserId ownerId, Instant deletedAt) {}
