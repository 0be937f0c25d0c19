#!/usr/bin/env bash
# What PostgreSQL's NOTIFY costs the publish path (issue 19, events across instances): the app alone on
# a PostgreSQL database, publishing status events as fast as 8 keep-alive connections can (the
# harness's POST /bench/publish: one agent:failed event appended to the project's and its owner's log in
# one transaction), once with the cross-instance signals (CLUSTER_SIGNALS unset: pg_notify in every
# event transaction, the signal connection listening) and once without them (CLUSTER_SIGNALS=local).
# Each server gets a fresh database and an unmeasured warm-up first; rounds alternate the modes.
# Raw reports land in bench/out/ (BENCH_OUT), which git ignores.
# Usage: bench/notify-cost.sh            BENCH_ROUNDS=3 (default 2), BENCH_SECONDS=15, BENCH_RATE=2000 (above what the server can take: the achieved rate is its capacity)
#        BENCH_PG=postgresql://iv:iv@127.0.0.1:5432/postgres  (the server and a role that may CREATE DATABASE)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SSE_BENCH="${SSE_BENCH:-$ROOT/bench/tools/sse-bench/SseBench.java}"
OUT="${BENCH_OUT:-$ROOT/bench/out/notify-$(date -u +%Y%m%dT%H%M%SZ)}"
WORK="$ROOT/bench/target/notify"
PORT="${BENCH_PORT:-18081}"
BASE="http://127.0.0.1:$PORT"
PG="${BENCH_PG:-postgresql://iv:iv@127.0.0.1:5432/postgres}"
SECONDS_=${BENCH_SECONDS:-15} RATE=${BENCH_RATE:-2000}
mkdir -p "$OUT" "$WORK"
source "$ROOT/bench/lib.sh"
JAVA="$(java_home)/bin/java"
JAVAC="$(java_home)/bin/javac"

(cd "$ROOT" && ./mvnw -q -B -o -DskipTests package -pl orchestrator -Dfrontend.skip)
rm -rf "$WORK/app" "$WORK/classes"
"$JAVA" -Djarmode=tools -jar "$ROOT"/orchestrator/target/orchestrator-*.jar extract --destination "$WORK/app" >/dev/null
CP="$WORK/app/$(ls "$WORK/app" | grep '\.jar$'):$WORK/app/lib/*"
"$JAVAC" -parameters -d "$WORK/classes" -cp "$CP" $(find "$ROOT/bench/src" -name "*.java")

SERVER_PID=""
DB=""
cleanup() { stop_server; [[ -n $DB ]] && psql -q "$PG" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true; }
trap cleanup EXIT

run_mode() { # $1 = label, $2 = CLUSTER_SIGNALS value (auto: NOTIFY on PostgreSQL, local: none)
  local label=$1 signals=$2
  DB="iv_bench_notify_$(date +%s%N | tail -c 9)"
  psql -q "$PG" -c "CREATE DATABASE $DB" >/dev/null
  rm -rf "$WORK/data"
  env DATA_DIR="$WORK/data" PORT="$PORT" DATABASE_URL="${PG%/*}/$DB" CLUSTER_SIGNALS="$signals" \
    "$JAVA" -Xms512m -Xmx1g ${BENCH_SERVER_OPTS:-} -Dinternvillage.agents.enabled=false -Dlogging.level.root=WARN \
    -cp "$WORK/classes:$CP" dev.internvillage.bench.BenchHarness > "$OUT/server-$label.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do curl -sf "$BASE/api/projects" >/dev/null 2>&1 && break; sleep 0.5; done   # a loaded machine starts slowly
  local project task
  project=$(curl -sf -X POST "$BASE/api/projects/demo" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  task=$(curl -sf -X POST "$BASE/api/projects/$project/tasks" -H 'Content-Type: application/json' \
    -d '{"title":"bench","description":"bench"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
  curl -sf -X POST "$BASE/bench/setup?task=$task&count=1&firstAttempt=1" >/dev/null
  # warm-up: the same load, unmeasured, so the JIT has compiled the publish path
  "$JAVA" "$SSE_BENCH" pub -u "$BASE/bench/publish" -r "$RATE" -d 10s -c 8 --max-time 15s > "$OUT/$label-warmup.txt" 2>&1 || true
  local before steal0; before=$(cpu_ticks); steal0=$(cpu_snapshot)
  "$JAVA" "$SSE_BENCH" pub -u "$BASE/bench/publish" -r "$RATE" -d "${SECONDS_}s" -c 8 --max-time "$((SECONDS_ + 5))s" \
    > "$OUT/$label.txt" 2>&1 || true   # over capacity the run ends at --max-time; the achieved rate is the capacity
  local ticks=$(( $(cpu_ticks) - before ))
  { grep -E '^(achieved rate|publish RTT)' "$OUT/$label.txt" || true
    echo "server CPU: $ticks ticks ($(getconf CLK_TCK)/s)"; steal_since "$steal0"
    echo "events in the log: $(psql -tA "${PG%/*}/$DB" -c "SELECT count(*) FROM project_events")"
  } | sed "s/^/$label /" | tee -a "$OUT/results.txt"
  stop_server; SERVER_PID=""
  psql -q "$PG" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; DB=""
}

for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
  if (( round % 2 == 1 )); then run_mode "notify$round" auto; run_mode "local$round" local
  else run_mode "local$round" local; run_mode "notify$round" auto; fi
done
echo "results in $OUT/results.txt"
