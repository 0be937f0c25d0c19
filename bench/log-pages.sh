#!/usr/bin/env bash
# Paged reads of a finished 1,000,000-line log over the real REST endpoint (see RESULTS.md). A real
# agent process (AGENT_RUNTIME=command) prints the lines through the executor into the run's log;
# then the log is read the way the log panel loads a finished run: GET /api/runs/{id}/logs?from_line=
# &limit=10000 until `complete`, 100 requests in a row. Prints the sum of the request times (as curl
# measures them), the first and the slowest page, and one request for the last page on its own.
# Usage: bench/log-pages.sh [git-ref ...]   each ref (default: the working tree) is built into its
# own jar and measured; refs alternate over BENCH_ROUNDS rounds (default 2) so they share the noise.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/bench/target/log-pages"
PORT="${BENCH_PORT:-18081}"
BASE="http://127.0.0.1:$PORT"
LINES=${BENCH_LINES:-1000000}
REFS=("${@:-WORKTREE}")
mkdir -p "$WORK"

source "$ROOT/bench/lib.sh"
JAVA="$(java_home)/bin/java"

jar_for() { # ref -> path of its jar (built without the UI and tests)
  local ref=$1 src="$ROOT"
  if [[ $ref != WORKTREE ]]; then
    src="$WORK/src-$ref"
    rm -rf "$src"; git -C "$ROOT" worktree add -f --detach "$src" "$ref" >/dev/null 2>&1
  fi
  (cd "$src" && ./mvnw -q -B -o -DskipTests package -pl orchestrator -Dfrontend.skip) >&2
  cp "$src"/orchestrator/target/orchestrator-*.jar "$WORK/app-$ref.jar"
  if [[ $ref != WORKTREE ]]; then git -C "$ROOT" worktree remove --force "$src"; fi
  echo "$WORK/app-$ref.jar"
}

SERVER_PID=""
trap stop_server EXIT
json() { sed -E "s/.*\"$1\":\"?([^\",}]*)\"?.*/\\1/"; }

measure() { # ref jar
  local ref=$1 jar=$2
  rm -rf "$WORK/data"
  env DATA_DIR="$WORK/data" PORT="$PORT" AGENT_RUNTIME=command AGENT_MAX_RETRIES=1 \
    AGENT_COMMAND="perl -e '1 while <STDIN>; print \"line \$_ \", \"x\" x 60, \"\\n\" for 1..$LINES; exit 1'" \
    "$JAVA" -Xmx1g -Dlogging.level.root=WARN -jar "$jar" > "$WORK/server-$ref.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -sf "$BASE/api/projects" >/dev/null 2>&1 && break; sleep 0.5; done
  local project task run status=""
  project=$(curl -sf -X POST "$BASE/api/projects/demo" | json id)
  task=$(curl -sf -X POST "$BASE/api/projects/$project/tasks" -H 'Content-Type: application/json' \
    -d '{"title":"a long log","description":"prints a million lines"}' | json id)
  for _ in $(seq 1 600); do   # the agent prints, exits 1, the planner gives up after one attempt
    status=$(curl -sf "$BASE/api/tasks/$task" | json status)
    [[ $status == PLANNING_FAILED ]] && break; sleep 0.5
  done
  [[ $status == PLANNING_FAILED ]] || { echo "task did not finish planning: $status" >&2; exit 1; }
  run=$(curl -sf "$BASE/api/tasks/$task/runs" | json id)

  # each request's own time as curl measures it (first byte sent to last byte received)
  local from=1 pages=0 complete=false seconds total=0 first="" slowest=0 body="$WORK/page.json"
  while [[ $complete != true ]]; do
    seconds=$(curl -sf -o "$body" -w '%{time_total}' "$BASE/api/runs/$run/logs?from_line=$from&limit=10000")
    local ms; ms=$(awk -v s="$seconds" 'BEGIN { printf "%d", s * 1000 }')
    [[ -z $first ]] && first=$ms
    (( ms > slowest )) && slowest=$ms
    total=$((total + ms))
    from=$(tail -c 200 "$body" | grep -oE '"next_line":[0-9]+' | cut -d: -f2)
    complete=$(tail -c 200 "$body" | grep -oE '"complete":(true|false)' | cut -d: -f2)
    pages=$((pages + 1))
    (( pages <= 2000 )) || { echo "no end after 2000 pages" >&2; exit 1; }
  done
  local lines=$((from - 1))
  # the last page alone, as when the panel opens at the end of a long finished log
  seconds=$(curl -sf -o /dev/null -w '%{time_total}' "$BASE/api/runs/$run/logs?from_line=$((lines - 9999))&limit=10000")
  local last; last=$(awk -v s="$seconds" 'BEGIN { printf "%d", s * 1000 }')
  echo "RESULT ref=$ref lines=$lines pages=$pages total_ms=$total first_page_ms=$first slowest_page_ms=$slowest" \
    "last_page_alone_ms=$last load=$(cut -d' ' -f1 /proc/loadavg)"
  stop_server; SERVER_PID=""
}

declare -A JARS
for ref in "${REFS[@]}"; do JARS[$ref]=$(jar_for "$ref"); done
for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
  for ref in "${REFS[@]}"; do measure "$ref" "${JARS[$ref]}"; done
done
