CREATE TABLE projects (
    id              UUID PRIMARY KEY,
    owner_id        UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            VARCHAR(200) NOT NULL,
    repo_url        VARCHAR(2000) NOT NULL,
    forge           VARCHAR(16) NOT NULL,
    github_owner    VARCHAR(100),
    github_repo     VARCHAR(100),
    is_fork         BOOLEAN NOT NULL DEFAULT FALSE,
    upstream_owner  VARCHAR(100),
    upstream_repo   VARCHAR(100),
    default_branch  VARCHAR(255) NOT NULL,
    -- counts the "pull requests" opened for this project by the local forge
    pr_counter      INTEGER NOT NULL DEFAULT 0,
    version         BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT projects_forge_check CHECK (forge IN ('github', 'local')),
    CONSTRAINT projects_owner_repo_unique UNIQUE (owner_id, repo_url)
);

CREATE INDEX projects_owner_idx ON projects (owner_id, created_at);
