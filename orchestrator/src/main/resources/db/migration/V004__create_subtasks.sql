CREATE TABLE subtasks (
    id                   UUID PRIMARY KEY,
    task_id              UUID NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    subtask_key          VARCHAR(32) NOT NULL,
    title                VARCHAR(200) NOT NULL,
    spec                 TEXT NOT NULL,
    implementation_plan  TEXT NOT NULL,
    status               VARCHAR(32) NOT NULL,
    blocked_reason       VARCHAR(32),
    branch_name          VARCHAR(255),
    pr_url               VARCHAR(2000),
    pr_number            INTEGER,
    retry_count          INTEGER NOT NULL DEFAULT 0,
    token_usage          BIGINT NOT NULL DEFAULT 0,
    position             INTEGER NOT NULL,
    version              BIGINT NOT NULL DEFAULT 0,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT subtasks_key_unique UNIQUE (task_id, subtask_key),
    CONSTRAINT subtasks_status_check
        CHECK (status IN ('PENDING', 'READY', 'IN_PROGRESS', 'COMPLETED', 'MERGED', 'BLOCKED')),
    -- a reason exactly when blocked
    CONSTRAINT subtasks_blocked_reason_check CHECK (
        (status = 'BLOCKED' AND blocked_reason IN ('DEPENDENCY', 'FAILURE'))
        OR (status <> 'BLOCKED' AND blocked_reason IS NULL))
);

CREATE INDEX subtasks_task_idx ON subtasks (task_id, position);

CREATE TABLE subtask_dependencies (
    subtask_id     UUID NOT NULL REFERENCES subtasks (id) ON DELETE CASCADE,
    depends_on_id  UUID NOT NULL REFERENCES subtasks (id) ON DELETE CASCADE,
    PRIMARY KEY (subtask_id, depends_on_id),
    CONSTRAINT subtask_dependencies_not_self CHECK (subtask_id <> depends_on_id)
);

CREATE INDEX subtask_dependencies_depends_on_idx ON subtask_dependencies (depends_on_id);
