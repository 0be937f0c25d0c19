-- The per-user event log behind the user-level stream (GET /api/events): every event of every
-- project the user owns, written in the same transaction as the project's own entry, with a
-- sequence of the user's own. The counter works like project_event_counters (V020): taken just
-- before the commit and locked until it, so a user's numbers commit in order and without gaps.
CREATE TABLE user_event_counters (
    user_id   UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    last_seq  BIGINT NOT NULL
);

-- No foreign key to projects: a deleted project's last event (project:deleted) stays in its
-- owner's log, so a user-level stream that resumes still learns of the deletion.
CREATE TABLE user_events (
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    project_id  UUID NOT NULL,
    event_type  VARCHAR(64) NOT NULL,
    -- the event's data as sent on the user stream: the project's payload with project_id added
    payload     TEXT NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, seq)
);

CREATE INDEX user_events_created_idx ON user_events (created_at);
