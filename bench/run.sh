#!/usr/bin/env bash
# Event fan-out benchmark (see RESULTS.md). Builds the app, starts it together with the bench harness
# (bench/src: addresses runs by index, mutes the write signal for case D, publishes status events
# through the real outbox path, reports memory), and drives bench/tools/sse-bench/SseBench.java
# against it. In A and D the log lines come from 100 real agent processes started by the executor
# (AGENT_RUNTIME=command running bench/agent-lines.pl). Raw reports and every RESULT line land in
# bench/out/ (BENCH_OUT), which git ignores: the figures worth keeping go into RESULTS.md.
# Usage: bench/run.sh [case...]   cases: A D B C E   (default: all, each twice; rounds alternate cases)
#        BENCH_WARMUP_S=20 bench/run.sh B C   measures B and C after 20 s of the same load on the same server
#        BENCH_WARMUP_S=20 bench/run.sh A D   measures A and D after one whole unmeasured pass on the same server
#        BENCH_SERVER_OPTS="-D..." adds JVM options to the server only, BENCH_CLIENT_OPTS to the
#        SseBench subscribers only; BENCH_ROUNDS=1 runs each case once (default 2)
#        BENCH_LINGER_S=2 bench/run.sh A D   each agent waits 2 s after its last line before it ends
#        BENCH_HOT_PUBLISH_S=30 (with BENCH_WARMUP_S, B and C, here and in raw-baseline.sh) first publishes
#        at 1,000 events/s to 10 streams for 30 s, so the publish path's code is compiled as in a server
#        that has been up for a while (at 100 events/s the JIT takes minutes to get to all of it)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SSE_BENCH="${SSE_BENCH:-$ROOT/bench/tools/sse-bench/SseBench.java}"
# one folder per invocation, so a second run (BENCH_ROUNDS=1 twice) never overwrites the first
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)}"
WORK="$ROOT/bench/target"
PORT="${BENCH_PORT:-18080}"
BASE="http://127.0.0.1:$PORT"
CASES=("${@:-A D B C E}")
mkdir -p "$OUT" "$WORK"

source "$ROOT/bench/lib.sh"
JAVA="$(java_home)/bin/java"
JAVAC="$(java_home)/bin/javac"

# 1. the app's jar, extracted, and the harness compiled against it
(cd "$ROOT" && ./mvnw -q -B -o -DskipTests package -pl orchestrator -Dfrontend.skip) # the bench needs no UI
rm -rf "$WORK/app" "$WORK/classes"
"$JAVA" -Djarmode=tools -jar "$ROOT"/orchestrator/target/orchestrator-*.jar extract --destination "$WORK/app" >/dev/null
CP="$WORK/app/$(ls "$WORK/app" | grep '\.jar$'):$WORK/app/lib/*"
"$JAVAC" -parameters -d "$WORK/classes" -cp "$CP" $(find "$ROOT/bench/src" -name "*.java")

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # 10,000 streams need a socket each
SERVER_PID=""
RUNS=${BENCH_RUNS:-100} RATE=${BENCH_RATE:-20} SECONDS_=${BENCH_SECONDS:-20}   # A/D: runs, lines/s per run, seconds
WARMUP=${BENCH_WARMUP_S:-0}   # B/C: seconds of the same load, unmeasured, before the measured run (0: none);
                              # A/D: any value > 0 runs one whole unmeasured pass (100 other runs) first
start_server() { # $1 = label, $2 = agents (A/D: the command runtime) or none (B/C/E), then JVM options
  local label=$1 mode=$2; shift 2
  rm -rf "$WORK/data" "$WORK/gate" "$WORK/agents-ready"; mkdir -p "$WORK/agents-ready" "$WORK/gate" "$WORK/agent-bin"
  cp "$ROOT/bench/agent-lines.pl" "$WORK/agent-bin/"   # a folder of its own: the sandbox shows it, and nothing else of bench/
  local agent_env=()
  if [[ $mode == agents ]]; then
    # the agents run in the sandbox like any agent: the script's folder read-only, the go gate and the
    # ready folder read-write, the bench's variables passed on by name
    agent_env=(AGENT_RUNTIME=command AGENT_COMMAND="perl '$WORK/agent-bin/agent-lines.pl'" AGENT_EXTRA_PATH="$WORK/agent-bin"
      AGENT_SANDBOX_BIND="$WORK/gate,$WORK/agents-ready" AGENT_ENV=BENCH_GO,BENCH_READY,BENCH_RATE,BENCH_SECONDS,BENCH_LINGER_S
      AGENT_MAX_CONCURRENT=$RUNS AGENT_MAX_CONCURRENT_PER_USER=$RUNS AGENT_MAX_RETRIES=1 AGENT_BACKOFF_BASE_MS=0 AGENT_RUN_TIMEOUT_S=900
      BENCH_GO="$WORK/gate/go" BENCH_READY="$WORK/agents-ready" BENCH_RATE=$RATE BENCH_SECONDS=$SECONDS_
      BENCH_LINGER_S="${BENCH_LINGER_S:-0}")
  else
    set -- -Dinternvillage.agents.enabled=false "$@"   # B/C/E: no agent may run beside the fan-out
  fi
  env DATA_DIR="$WORK/data" PORT="$PORT" SSE_MAX_CONNECTIONS_PER_USER=100000 "${agent_env[@]}" \
    "$JAVA" -Xms1g -Xmx2g ${BENCH_SERVER_OPTS:-} -Dserver.tomcat.max-connections=30000 -Dserver.tomcat.accept-count=2000 \
    -Dlogging.level.root=WARN "$@" -cp "$WORK/classes:$CP" dev.internvillage.bench.BenchHarness \
    > "$OUT/server-$label.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -sf "$BASE/api/projects" >/dev/null 2>&1 && break; sleep 0.5; done
  PROJECT=$(curl -sf -X POST "$BASE/api/projects/demo" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  TASK=$(new_task bench)
}
new_task() { curl -sf -X POST "$BASE/api/projects/$PROJECT/tasks" -H 'Content-Type: application/json' \
    -d "{\"title\":\"$1\",\"description\":\"$1\"}" | sed -E 's/.*"id":"([^"]+)".*/\1/'; }
trap stop_server EXIT

# One pass of A or D on the running server: $TASK and RUNS - 1 new tasks, each one agent run watched
# by 10 streams of a fresh SseBench client. Usage: agent_pass <label>
agent_pass() {
  local label=$1
  for i in $(seq 2 $RUNS); do new_task "bench $i" >/dev/null; done   # one planner run per task
  # every agent process started and waiting for go (the project's git syncs run one at a time)
  for _ in $(seq 1 1500); do (( $(ls "$WORK/agents-ready" | wc -l) >= RUNS )) && break; sleep 0.2; done
  rm -f "$WORK/agents-ready"/*
  curl -sf -X POST "$BASE/bench/runs?project=$PROJECT&count=$RUNS" >/dev/null
  sub "$label" -u "$BASE/bench/a/{i/10}/events" -n $((RUNS * 10)) -d 45s --idle-exit 3s --event-type agent:log \
    --connect-timeout 60s   # 1,000 connects with 100 runs active take longer than 10 s on a loaded machine
  echo "load average at go: $(cat /proc/loadavg)" > "$OUT/$label-load.txt"
  echo "go at: $(date -u +%T.%3N) UTC" >> "$OUT/$label-load.txt"
  local before children; before=$(cpu_ticks); children=$(child_ticks); STEAL0=$(cpu_snapshot); JIT0=$(jit_ticks)
  touch "$WORK/gate/go"   # every agent starts printing
  if [[ $label == *-warmup ]]; then churn "$label" "$BASE/bench/a/{i}/events"; fi
  finish "$before" "$label" "$children"
  cat "$OUT/$label-load.txt" >> "$OUT/$label.txt"
}

for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
  for c in ${CASES[*]}; do
    case $c in
      A|D) # 100 agent processes x 10 streams, 20 lines/s each; A wakes on the write signal, D only polls (100 ms)
        signal=$([[ $c == A ]] && echo true || echo false)
        start_server "$c$round" agents -Dbench.write-signal=$signal
        if (( WARMUP > 0 )); then # one whole unmeasured pass first, so the JIT has compiled the server's path
          agent_pass "$c$round-warmup"
          rm -f "$WORK/gate/go"   # the next pass's agents wait for a new go
          TASK=$(new_task bench)
          settle_heap
        fi
        agent_pass "$c$round"
        stop_server ;;
      B|C) # 1 project x 1,000 streams at 100 msg/s, or x 10,000 streams at 5 msg/s (status events)
        start_server "$c$round" none
        curl -sf -X POST "$BASE/bench/setup?task=$TASK&count=1&firstAttempt=1" >/dev/null
        n=$([[ $c == B ]] && echo 1000 || echo 10000); rate=$([[ $c == B ]] && echo 100 || echo 5)
        if (( WARMUP > 0 )); then # B's load also for C: 10,000 more streams would hold memory until they end
          warm_up_fanout "$c$round-warmup" "$BASE/api/projects/$PROJECT/events" "$BASE/bench/publish"
        fi
        sub "$c$round" -u "$BASE/api/projects/$PROJECT/events" -n $n -d 40s --idle-exit 3s --event-type agent:failed
        before=$(cpu_ticks); STEAL0=$(cpu_snapshot); JIT0=$(jit_ticks)
        "$JAVA" "$SSE_BENCH" pub -u "$BASE/bench/publish" -r $rate -d 20s -c 8 > "$OUT/$c$round-pub.txt" 2>&1
        grep -h '^RESULT' "$OUT/$c$round-pub.txt" | sed "s/^/$c$round-pub /" >> "$OUT/results.txt"
        finish "$before" "$c$round"
        stop_server ;;
      E) # heap and RSS per idle stream at 10,000 streams
        start_server "E$round" none
        curl -sf "$BASE/bench/mem" > "$OUT/E$round-before.json"
        sub "E$round" -u "$BASE/api/projects/$PROJECT/events" -n 10000 -d 15s
        curl -sf "$BASE/bench/mem" > "$OUT/E$round-open.json"
        wait "$SUB_PID" || true
        echo "E$round before $(cat "$OUT/E$round-before.json") open $(cat "$OUT/E$round-open.json")" >> "$OUT/results.txt"
        stop_server ;;
    esac
  done
done
echo "results in $OUT/results.txt"
