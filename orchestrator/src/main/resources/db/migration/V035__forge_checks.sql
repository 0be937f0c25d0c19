-- What the forge's checks say about a COMPLETED subtask's pushed head commit (GitHub: its check runs
-- and commit statuses), as the JSON list the API shows: [{name, status, conclusion, details_url}].
-- Written when the app reads them and they changed; NULL when none were read, and cleared by every
-- move of the subtask, since new work is a new commit with its own checks.
ALTER TABLE subtasks ADD COLUMN forge_checks TEXT;
