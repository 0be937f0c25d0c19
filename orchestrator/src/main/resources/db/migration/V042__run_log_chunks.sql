-- The shared copy of every run's log, so any instance can page and follow it and a finished log
-- outlives the instance that ran the agent. The instance running the agent appends complete lines in
-- batches; chunk n + 1 starts where chunk n ends, in lines and in bytes of the log file.
CREATE TABLE run_log_chunks (
    run_id      UUID NOT NULL REFERENCES agent_runs (id) ON DELETE CASCADE,
    chunk_no    INTEGER NOT NULL,
    first_line  INTEGER NOT NULL,
    line_count  INTEGER NOT NULL,
    first_byte  BIGINT NOT NULL,
    byte_count  INTEGER NOT NULL,
    body        BYTEA NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, chunk_no)
);
