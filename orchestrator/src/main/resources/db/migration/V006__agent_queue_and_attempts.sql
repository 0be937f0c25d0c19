-- A run is recorded as soon as its attempt is scheduled, so a run waiting for a free agent slot
-- shows on the board as QUEUED.
ALTER TABLE agent_runs DROP CONSTRAINT agent_runs_status_check;
ALTER TABLE agent_runs ADD CONSTRAINT agent_runs_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'));

-- Failed planner attempts since planning last (re)started; the planner's counterpart of
-- subtasks.retry_count. Survives a restart, so recovery knows how many attempts are left.
ALTER TABLE tasks ADD COLUMN planning_attempts INTEGER NOT NULL DEFAULT 0;

