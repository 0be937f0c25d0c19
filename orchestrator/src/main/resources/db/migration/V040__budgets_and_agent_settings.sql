-- A task's budget: in US dollars and/or in tokens (NULL: no limit of that kind). budget_reached is set
-- when the task's runs (planner and workers) have cost or used that much; the task's agents are then
-- stopped and no attempt starts until the budget is raised.
ALTER TABLE tasks ADD COLUMN budget_usd NUMERIC(14, 6);
ALTER TABLE tasks ADD COLUMN budget_tokens BIGINT;
ALTER TABLE tasks ADD COLUMN budget_reached BOOLEAN NOT NULL DEFAULT FALSE;

-- What new tasks of a project take as their budget unless their create request says.
ALTER TABLE projects ADD COLUMN budget_usd_default NUMERIC(14, 6);
ALTER TABLE projects ADD COLUMN budget_tokens_default BIGINT;

-- The project's agent settings as JSON (runtime and model per role, environment, setup command, the
-- names of its secret variables); NULL: the server's defaults. The secret values are apart, in
-- agent_secrets: one AES-256-GCM ciphertext of a JSON object of names and values, never read by the API.
ALTER TABLE projects ADD COLUMN agent_settings TEXT;
ALTER TABLE projects ADD COLUMN agent_secrets TEXT;
