#!/bin/sh
# An agent for the merge tests (AGENT_RUNTIME=command). The task's title names a scenario as
# "scenario:<name>": "diamond" plans s1 -> (s2, s3) -> s4, "pair" and "conflict" plan two independent
# subtasks. A worker adds <key>.txt and records the files its worktree held when it started in
# seen-by-<key>.txt; in "conflict" it also rewrites README.md's first line, so two workers conflict.
# A conflict follow-up finds the merge of the default branch stopped at conflicts and resolves it by
# keeping both sides' lines.
prompt="$(cat)"
scenario="$(printf '%s\n' "$prompt" | grep -o 'scenario:[a-z-]*' | head -n 1 | cut -d: -f2)"

subtask() {
  printf '{"key": "%s", "title": "Step %s", "spec": "Do %s", "implementation_plan": "", "depends_on": [%s]}' \
    "$1" "$1" "$1" "$2"
}

if [ "$IV_ROLE" = planner ]; then
  case "$scenario" in
    diamond)
      printf '{"spec": "A diamond", "subtasks": [%s, %s, %s, %s]}' \
        "$(subtask s1 '')" "$(subtask s2 '"s1"')" "$(subtask s3 '"s1"')" "$(subtask s4 '"s2", "s3"')" \
        > "$IV_PLAN_FILE" ;;
    *)
      printf '{"spec": "Two independent steps", "subtasks": [%s, %s]}' \
        "$(subtask a '')" "$(subtask b '')" > "$IV_PLAN_FILE" ;;
  esac
  exit 0
fi

key="$(printf '%s\n' "$prompt" | sed -n 's/^# Subtask \([a-z0-9]*\):.*/\1/p' | head -n 1)"
if printf '%s\n' "$prompt" | grep -q '^## Follow-up: conflict'; then
  for file in $(git diff --name-only --diff-filter=U); do
    sed -i -e '/^<<<<<<< /d' -e '/^=======$/d' -e '/^>>>>>>> /d' "$file"
  done
  git add -A && git -c user.name=merge-agent -c user.email=merge-agent@localhost commit -q --no-edit
  printf '{"status": "done", "summary": "resolved the conflict of %s"}' "$key" > "$IV_RESULT_FILE"
  echo "merge agent: $key resolved"
  exit 0
fi
ls -A | grep -v '^\.git$' | sort > "seen-by-$key.txt"
echo "work of $key" > "$key.txt"
if [ "$scenario" = conflict ]; then
  printf '# edited by %s\n' "$key" > README.md
fi
git add -A && git -c user.name=merge-agent -c user.email=merge-agent@localhost commit -q -m "work of $key"
printf '{"status": "done", "summary": "added %s.txt"}' "$key" > "$IV_RESULT_FILE"
echo "merge agent: $key done"
