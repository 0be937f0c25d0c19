-- Autopilot: a task whose ready subtasks start by themselves and whose checked, conflict-free work
-- is merged by the app in dependency order. New tasks take their project's default.
ALTER TABLE tasks ADD COLUMN autopilot BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE projects ADD COLUMN autopilot_default BOOLEAN NOT NULL DEFAULT FALSE;
