CREATE TABLE tasks (
    id             UUID PRIMARY KEY,
    project_id     UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title          VARCHAR(200) NOT NULL,
    description    VARCHAR(20000) NOT NULL,
    status         VARCHAR(32) NOT NULL,
    spec           TEXT,
    error_message  VARCHAR(4000),
    version        BIGINT NOT NULL DEFAULT 0,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tasks_status_check CHECK (status IN ('PLANNING', 'PLANNING_FAILED', 'ACTIVE', 'DONE'))
);

CREATE INDEX tasks_project_idx ON tasks (project_id, created_at);
