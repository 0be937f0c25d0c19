-- Follow-up attempts with a cause (review feedback, failing checks, conflicts), the project's check
-- command and the cap on automatic follow-ups.

-- Why a run was started after the first one; NULL for a subtask's first attempt and for planners.
ALTER TABLE agent_runs ADD COLUMN reason VARCHAR(32);
ALTER TABLE agent_runs ADD CONSTRAINT agent_runs_reason_check
    CHECK (reason IS NULL OR reason IN ('retry', 'changes_requested', 'checks_failed', 'conflict'));

-- Run with sh -c in the worktree after a worker exits 0; NULL: no check.
ALTER TABLE projects ADD COLUMN check_command VARCHAR(2000);
ALTER TABLE projects ADD COLUMN max_follow_ups INTEGER NOT NULL DEFAULT 3;

-- The follow-up a subtask's worker is on: its cause, what the prompt tells the agent about it, and
-- how many automatic follow-ups ran since the user last acted.
ALTER TABLE subtasks ADD COLUMN follow_up_reason VARCHAR(32);
ALTER TABLE subtasks ADD COLUMN follow_up_details TEXT;
ALTER TABLE subtasks ADD COLUMN automatic_follow_ups INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subtasks ADD CONSTRAINT subtasks_follow_up_reason_check
    CHECK (follow_up_reason IS NULL
        OR follow_up_reason IN ('retry', 'changes_requested', 'checks_failed', 'conflict'));

-- FOLLOW_UP_LIMIT: the automatic follow-ups ran out; the user must act.
ALTER TABLE subtasks DROP CONSTRAINT subtasks_blocked_reason_check;
ALTER TABLE subtasks ADD CONSTRAINT subtasks_blocked_reason_check CHECK (
    (status = 'BLOCKED' AND blocked_reason IN ('DEPENDENCY', 'FAILURE', 'FOLLOW_UP_LIMIT'))
    OR (status <> 'BLOCKED' AND blocked_reason IS NULL));

-- What the forge reported that already started a follow-up (GitHub: a review, a failing check run,
-- by its id): each starts at most one.
CREATE TABLE handled_forge_items (
    subtask_id  UUID NOT NULL REFERENCES subtasks (id) ON DELETE CASCADE,
    kind        VARCHAR(16) NOT NULL,
    item_id     BIGINT NOT NULL,
    handled_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subtask_id, kind, item_id),
    CONSTRAINT handled_forge_items_kind_check CHECK (kind IN ('review', 'check_run'))
);
