-- The durable per-project event log behind the SSE stream (CONTRACT section 5). Every status and
-- agent event is appended in the transaction that made the change, so only committed changes are
-- ever sent, and a client that reconnects with Last-Event-ID is replayed what it missed.

-- The last sequence number handed out per project. A transaction takes the next numbers with
-- UPDATE ... SET last_seq = last_seq + n just before it commits, which holds this row's lock until
-- the commit: numbers of one project therefore become visible in order and without gaps, and a
-- reader that asks for "seq > cursor" can never skip a number that commits late.
CREATE TABLE project_event_counters (
    project_id  UUID PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    last_seq    BIGINT NOT NULL
);

CREATE TABLE project_events (
    project_id  UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    event_type  VARCHAR(64) NOT NULL,
    -- the event's data: one line of JSON, exactly as sent
    payload     TEXT NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project_id, seq)
);

-- pruning by age
CREATE INDEX project_events_created_idx ON project_events (created_at);
