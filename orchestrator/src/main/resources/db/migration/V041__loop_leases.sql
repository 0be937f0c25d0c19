-- Several app instances on one database: each agent loop (a task's planner, a subtask's worker, with
-- its retries and follow-ups) runs on exactly one instance, the holder of its lease. The holder renews
-- all its leases together by heartbeat; a lease past expires_at belongs to a dead instance and any
-- other instance may take it over. process_scope and pid let an instance on the same host (same boot,
-- same PID namespace) see at once that the holder's process is gone, without waiting for expiry.
-- loop_key: 'planner:<task id>' or 'worker:<subtask id>'. No foreign keys: deleting a task must not
-- wait on, or cascade into, the leases of loops another instance is stopping.
CREATE TABLE loop_leases (
    loop_key VARCHAR(80) PRIMARY KEY,
    project_id UUID NOT NULL,
    task_id UUID NOT NULL,
    subtask_id UUID,
    instance_id VARCHAR(100) NOT NULL,
    process_scope VARCHAR(200),
    pid BIGINT NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX loop_leases_instance ON loop_leases (instance_id);
CREATE INDEX loop_leases_task ON loop_leases (task_id);
CREATE INDEX loop_leases_project ON loop_leases (project_id);

-- Requests for a loop made on an instance that does not hold its lease, for the holder to carry out
-- (re-arm, stop a run, cancel a task or project, stop for the budget, a message to the running agent).
-- A signal wakes the holder; the row is the truth, so a lost signal only delays it to the holder's
-- next heartbeat. state: NEW, then TAKEN by the holder, then DONE or REFUSED; the sender deletes it.
CREATE TABLE loop_commands (
    id UUID PRIMARY KEY,
    instance_id VARCHAR(100) NOT NULL,
    command VARCHAR(20) NOT NULL,
    project_id UUID NOT NULL,
    task_id UUID,
    subtask_id UUID,
    run_id UUID,
    body TEXT,
    state VARCHAR(10) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX loop_commands_instance ON loop_commands (instance_id, state);

-- Which instance executed the attempt (NULL for runs recorded before there were several).
ALTER TABLE agent_runs ADD COLUMN instance_id VARCHAR(100);
