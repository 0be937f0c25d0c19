-- Plan review: a task with require_plan_approval keeps its imported plan editable and starts none of
-- its subtasks (neither by the user nor by its autopilot) until someone approves the plan, which sets
-- plan_approved_at. New tasks take their project's plan_approval_default.
ALTER TABLE tasks ADD COLUMN require_plan_approval BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tasks ADD COLUMN plan_approved_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE projects ADD COLUMN plan_approval_default BOOLEAN NOT NULL DEFAULT FALSE;
