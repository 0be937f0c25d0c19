#!/bin/sh
# A fake Claude Code that reports a cost for every run in its closing stream-json result: $0.01 for a
# planner, $0.03 for a worker. The planner plans two independent subtasks; the "slow" one's worker
# waits until the file FAKE_RELEASE names exists (the project's agent settings give that variable).
# Every run copies its environment and arguments beside its plan or result file (agent-env-<run>.txt,
# arguments-<run>.txt) and says whether the project's setup command ran in the worktree. Its prompt is
# one line of stdin (a stream-json user message): stdin stays open until the turn's result is out.
IFS= read -r prompt
out="${IV_PLAN_FILE:-$IV_RESULT_FILE}"
files="$(dirname "$out")"
env > "$files/agent-env-$IV_RUN_ID.txt"
echo "$*" > "$files/arguments-$IV_RUN_ID.txt"
printf '%s\n' '{"type":"system","subtype":"init","session_id":"fake-session","model":"claude-fake-1","tools":[]}'
if [ "$IV_ROLE" = planner ]; then
  printf '%s' '{"spec":"s","subtasks":[{"key":"fast","title":"Fast work","spec":"done at once","depends_on":[]},{"key":"slow","title":"Slow work","spec":"waits for the release file","depends_on":[]}]}' > "$IV_PLAN_FILE"
  cost=0.01
else
  case "$prompt" in
    *"waits for the release file"*)
      while [ ! -e "$FAKE_RELEASE" ]; do sleep 0.1; done ;;
  esac
  if [ -e SETUP_RAN ]; then echo "the setup command ran first"; fi
  echo "work of $IV_SUBTASK_ID" > "work-$IV_SUBTASK_ID.txt"
  git add "work-$IV_SUBTASK_ID.txt" && git -c user.name=fake -c user.email=fake@localhost commit -q -m "fake work"
  printf '{"status": "done", "summary": "fake"}' > "$IV_RESULT_FILE"
  cost=0.03
fi
printf '{"type":"result","subtype":"success","is_error":false,"num_turns":1,"duration_ms":5,"result":"ok","session_id":"fake-session","total_cost_usd":%s,"usage":{"input_tokens":100,"output_tokens":20,"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}\n' "$cost"
