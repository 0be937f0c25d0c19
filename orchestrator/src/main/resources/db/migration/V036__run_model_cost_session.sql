-- What each agent run used and which agent session it was: the model its runtime reported, its tokens
-- split as the runtime reports them (input without the cache, output, cache reads, cache writes; the
-- existing token_usage stays their total), its cost in US dollars (the runtime's own figure, else
-- tokens times the price table; NULL when neither is known, never 0 for "unknown"), the runtime that
-- ran it, the session id the agent CLI reported and the session an attempt resumed (NULL: a fresh one).
ALTER TABLE agent_runs ADD COLUMN runtime VARCHAR(32);
ALTER TABLE agent_runs ADD COLUMN model VARCHAR(200);
ALTER TABLE agent_runs ADD COLUMN cost_usd NUMERIC(14, 6);
ALTER TABLE agent_runs ADD COLUMN input_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agent_runs ADD COLUMN output_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agent_runs ADD COLUMN cache_read_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agent_runs ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agent_runs ADD COLUMN session_id VARCHAR(200);
ALTER TABLE agent_runs ADD COLUMN resumed_session_id VARCHAR(200);

-- A subtask's cost beside its token_usage: the sum of its worker runs' known costs, NULL while none is known.
ALTER TABLE subtasks ADD COLUMN cost_usd NUMERIC(14, 6);
