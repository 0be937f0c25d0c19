-- Autopilot: a task whose ready subtasks start by themselves and whose checked, conflict-free work
-- is merged by the app in dependency order. New tasks take their project's default.
ALTER TABLE tasks ADD COLUMN autopilot BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE projects ADD COLUMN autopilot_default BOOLEAN NOT NULL DEFAULT FALSE;

-- With require_approval, the autopilot merges only completed work someone approved; an approval is
-- of one completed piece of work and is dropped when the subtask leaves COMPLETED.
ALTER TABLE projects ADD COLUMN require_approval BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE subtasks ADD COLUMN approved_at TIMESTAMP WITH TIME ZONE;
