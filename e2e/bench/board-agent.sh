#!/bin/sh
# The agent of bench/board-500.mjs, run by the real executor (AGENT_RUNTIME=command).
# Planner: writes a plan of 10 subtasks whose dependencies form chains and a join, as a real plan
# does (s1 → s2 → s3, s4 → s5, s6 waits for s1 and s4, s7 → s8 (also after s3) → s9, s10 last), so
# three subtasks are ready at first and merging unblocks the others step by step.
# Worker: commits one file of its own (no two workers touch the same file, so merges never
# conflict) and reports done.
set -eu
cat >/dev/null # the prompt
if [ "$IV_ROLE" = planner ]; then
  echo "planning 10 subtasks"
  cat >"$IV_PLAN_FILE" <<'EOF'
{"spec": "Split the feature into a data layer, an API, a UI and their tests.",
 "subtasks": [
  {"key": "s1", "title": "Add the `settings` table and its repository", "spec": "Schema and repository.", "depends_on": []},
  {"key": "s2", "title": "Read and write settings through the repository", "spec": "Service layer.", "depends_on": ["s1"]},
  {"key": "s3", "title": "Expose **settings** over the REST API", "spec": "Controller and validation.", "depends_on": ["s2"]},
  {"key": "s4", "title": "Design tokens for the settings form", "spec": "Colours and spacing.", "depends_on": []},
  {"key": "s5", "title": "Settings form component", "spec": "Form with validation messages.", "depends_on": ["s4"]},
  {"key": "s6", "title": "Audit log entries for settings changes", "spec": "One entry per change.", "depends_on": ["s1", "s4"]},
  {"key": "s7", "title": "Document the settings in the README", "spec": "A table of settings.", "depends_on": []},
  {"key": "s8", "title": "API client for the settings endpoints", "spec": "Typed client.", "depends_on": ["s7", "s3"]},
  {"key": "s9", "title": "Wire the form to the API client", "spec": "Save and reload.", "depends_on": ["s8"]},
  {"key": "s10", "title": "End-to-end test of changing a setting", "spec": "Browser test.", "depends_on": ["s6", "s9"]}
 ]}
EOF
  exit 0
fi
echo "working on $IV_SUBTASK_ID"
echo "$IV_SUBTASK_ID" >"work-$IV_SUBTASK_ID.txt"
git add "work-$IV_SUBTASK_ID.txt"
git -c user.name=bench -c user.email=bench@example.invalid commit -q -m "Work of $IV_SUBTASK_ID"
printf '{"status": "done", "summary": "committed work-%s.txt"}\n' "$IV_SUBTASK_ID" >"$IV_RESULT_FILE"
