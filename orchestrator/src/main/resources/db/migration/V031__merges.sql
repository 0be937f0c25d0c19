-- Real merges (issue 15). How the app merges a subtask's branch into the project's default branch.
ALTER TABLE projects ADD COLUMN merge_method VARCHAR(32) NOT NULL DEFAULT 'merge';
ALTER TABLE projects ADD CONSTRAINT projects_merge_method_check
    CHECK (merge_method IN ('merge', 'squash', 'fast-forward-only'));

-- Whether a completed subtask's branch merges into the default branch as it is now: 'clean' (a
-- fast-forward), 'behind' (the default branch moved on; merges without conflicts) or 'conflicted'
-- (conflict_files lists the paths, one per line). NULL until first checked.
ALTER TABLE subtasks ADD COLUMN merge_state VARCHAR(16);
ALTER TABLE subtasks ADD COLUMN conflict_files TEXT;
ALTER TABLE subtasks ADD CONSTRAINT subtasks_merge_state_check
    CHECK (merge_state IS NULL OR merge_state IN ('clean', 'behind', 'conflicted'));
