CREATE TABLE agent_runs (
    id              UUID PRIMARY KEY,
    project_id      UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    task_id         UUID NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    subtask_id      UUID REFERENCES subtasks (id) ON DELETE CASCADE,
    agent_type      VARCHAR(16) NOT NULL,
    attempt_number  INTEGER NOT NULL,
    status          VARCHAR(16) NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at        TIMESTAMP WITH TIME ZONE,
    duration_ms     BIGINT,
    token_usage     BIGINT NOT NULL DEFAULT 0,
    error_message   VARCHAR(4000),
    -- the rendered prompt, kept with the run; never returned by the API
    prompt          TEXT,
    -- relative to DATA_DIR; never returned by the API
    log_path        VARCHAR(1000) NOT NULL,
    version         BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT agent_runs_type_check CHECK (agent_type IN ('PLANNER', 'WORKER')),
    CONSTRAINT agent_runs_status_check CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    CONSTRAINT agent_runs_worker_has_subtask CHECK ((agent_type = 'WORKER') = (subtask_id IS NOT NULL))
);

CREATE INDEX agent_runs_task_idx ON agent_runs (task_id, started_at);
CREATE INDEX agent_runs_subtask_idx ON agent_runs (subtask_id, started_at);
CREATE INDEX agent_runs_status_idx ON agent_runs (project_id, status);
