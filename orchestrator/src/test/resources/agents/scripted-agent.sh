#!/bin/sh
# A scripted agent for the agent tests (AGENT_RUNTIME=command). It plays one scenario, named in the
# task's title as "scenario:<name>", and counts its own attempts in a file beside its plan or result
# file (the one directory of the orchestrator's a sandboxed agent may write besides its workdir).
prompt="$(cat)"
scenario="$(printf '%s\n' "$prompt" | grep -o 'scenario:[a-z-]*' | head -n 1 | cut -d: -f2)"
out="${IV_PLAN_FILE:-$IV_RESULT_FILE}"
state="$(dirname "$out")/attempts"
attempt=$(( $(cat "$state" 2>/dev/null || echo 0) + 1 ))
echo "$attempt" > "$state"
echo "scripted agent: role=$IV_ROLE scenario=${scenario:-none} attempt=$attempt"

valid_plan() {
  cat > "$IV_PLAN_FILE" <<'PLAN'
{"spec": "Two steps", "subtasks": [
  {"key": "s1", "title": "First step", "spec": "Do the first step", "implementation_plan": "", "depends_on": []},
  {"key": "s2", "title": "Second step", "spec": "Do the second step", "implementation_plan": "", "depends_on": ["s1"]}
]}
PLAN
}

commit_work() {
  echo "work of attempt $attempt" > "work-$attempt.txt"
  git add -A && git -c user.name=scripted -c user.email=scripted@localhost commit -q -m "scripted work $attempt"
  printf '{"status": "done", "summary": "scripted"}' > "$IV_RESULT_FILE"
}

hang() {
  sleep 300 &
  echo "$$ $!" > "$out.pids"
  echo "hanging with child $!"
  wait
}

if [ "$IV_ROLE" = planner ]; then
  case "$scenario" in
    plan-fail-twice)
      if [ "$attempt" -le 2 ]; then echo "boom on attempt $attempt" >&2; exit 3; fi
      valid_plan ;;
    plan-always-fails)
      echo "cannot plan this" >&2; exit 1 ;;
    plan-invalid)
      case "$attempt" in
        1) printf '%s' '{"spec":"x","subtasks":[{"key":"s1","title":"a","spec":"a","depends_on":["s2"]},{"key":"s2","title":"b","spec":"b","depends_on":["s1"]}]}' > "$IV_PLAN_FILE" ;;
        2) printf '%s' '{"spec":"x","subtasks":[{"key":"s1","title":"a","spec":"a","depends_on":["s9"]}]}' > "$IV_PLAN_FILE" ;;
        *) valid_plan ;;
      esac ;;
    plan-hang)
      hang ;;
    plan-noisy)
      head -c 5000000 /dev/zero | tr '\0' 'x'; echo
      head -c 20000 /dev/urandom
      printf '\nafter the noise\n'
      printf 'bad utf-8: \377\376 done\n' >&2
      valid_plan ;;
    plan-slow-first)
      if [ "$attempt" -eq 1 ]; then
        echo "$$" > "$out.pids"
        echo "thinking quietly"
        # no more output: an agent that outlives a crashed orchestrator must not die of a closed pipe
        i=0
        while [ "$i" -lt 600 ]; do i=$((i + 1)); sleep 0.1; done
      fi
      valid_plan ;;
    plan-slow)
      echo "$$" > "$out.pids"
      i=0
      while [ "$i" -lt 600 ]; do echo "thinking $i"; i=$((i + 1)); sleep 0.1; done
      valid_plan ;;
    *)
      valid_plan ;;
  esac
else
  case "$scenario" in
    work-fail-until-allowed)
      if [ ! -e "$(dirname "$out")/allow-work" ]; then echo "not allowed yet" >&2; exit 4; fi
      commit_work ;;
    work-no-commit)
      printf '{"status": "done", "summary": "forgot to commit"}' > "$IV_RESULT_FILE" ;;
    work-hang)
      hang ;;
    work-slow)
      echo "$$" > "$out.pids"
      i=0
      while [ "$i" -lt 600 ]; do echo "working $i"; i=$((i + 1)); sleep 0.1; done
      commit_work ;;
    *)
      commit_work ;;
  esac
fi
echo "scripted agent done"
