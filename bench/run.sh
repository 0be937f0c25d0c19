#!/usr/bin/env bash
# Event fan-out benchmark (see RESULTS.md), the app against nginx + nchan in one sitting. Builds the app,
# starts it together with the bench harness (bench/src: addresses runs by index, mutes the write signal
# for case D, publishes status events through the real outbox path, reports memory), and drives
# bench/tools/sse-bench/SseBench.java against it; then the same case against nchan (bench/nchan.sh:
# Debian's nginx and libnginx-mod-nchan, started and stopped here). In A and D the app's log lines come
# from 100 real agent processes started by the executor (AGENT_RUNTIME=command running
# bench/agent-lines.pl); nchan gets the same lines from SseBench's publisher.
#
# Usage: bench/run.sh [case...]   cases: A D B C E   (default: A B C E; each case BENCH_ROUNDS times)
#   Every round runs each case on every side, one after the other (ours, nchan, ours, nchan ...), so
#   the sides share the machine's state; bench/summary.sh <folder> prints the table of a sitting.
#   A: 100 runs x 10 streams, 20 log lines/s each, then the end of the 100 runs (~200 status events
#      per stream within ~1 s); nchan: the same lines over 100 channels, and 200 status events on the
#      channel every stream also follows, published in the last second.
#   B: 1,000 streams, 100 status events/s.  C: 10,000 streams, 5 status events/s.
#   D: A with the log tails polling (the app only).
#   E: 10,000 idle streams: resident memory per stream (the app: the JVM's RSS after a full collection,
#      and its heap; nchan: its workers' RSS) and how fast they were accepted (the app: the `connected`
#      event received; nchan: the response head). B's 1,000 connects give the 1,000-stream figure.
#
# Environment:
#   BENCH_SIDES="ours nchan"  which sides (default both); "new" adds a second build of the app, the jar
#                             in BENCH_NEW_JAR (e.g. another branch's `./mvnw -DskipTests package`)
#   BENCH_ROUNDS=3            rounds (default 2)
#   BENCH_ONCE="A E"          these cases in the first round only
#   BENCH_FIRST_ROUND=2       number the rounds from 2 (to BENCH_ROUNDS): more rounds into the same BENCH_OUT
#   BENCH_WARMUP_S=20         B/C: 20 s of B's load first, unmeasured, on the same server (both sides);
#                             A/D: any value > 0 runs one whole unmeasured pass first (the app only)
#   BENCH_HOT_PUBLISH_S=30    with BENCH_WARMUP_S, B and C: first 1,000 events/s to 10 streams for 30 s
#   BENCH_SERVER_OPTS, BENCH_CLIENT_OPTS   JVM options for the app, for the SseBench subscribers
#   BENCH_LINGER_S=2          A/D: each agent waits 2 s after its last line before it ends
#   BENCH_NO_BUILD=1          use the jar in orchestrator/target as it is
#   BENCH_IDLE_S=90           E on the app: also the RSS 90 s after the connects, before any collection
#                             the bench asks for (what e.g. -XX:G1PeriodicGCInterval gives back by itself)
#   BENCH_NMT=1               E on the app: native memory tracking on, its summary and a class histogram
#                             before and while the streams are open (<label>-nmt-*.txt, <label>-histo-*.txt)
#   BENCH_OUT                 the raw output folder (default bench/out/<UTC time>/, which git ignores)
# Raw reports and every RESULT line land in that folder (results.txt); the figures worth keeping go
# into RESULTS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SSE_BENCH="${SSE_BENCH:-$ROOT/bench/tools/sse-bench/SseBench.java}"
# one folder per invocation, so a second run (BENCH_ROUNDS=1 twice) never overwrites the first
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)}"
WORK="$ROOT/bench/target"
PORT="${BENCH_PORT:-18080}"
NCHAN_PORT="${BENCH_NCHAN_PORT:-18099}"
BASE="http://127.0.0.1:$PORT"
NBASE="http://127.0.0.1:$NCHAN_PORT"
CASES=(${@:-A B C E})
SIDES=(${BENCH_SIDES:-ours nchan})
mkdir -p "$OUT" "$WORK"

source "$ROOT/bench/lib.sh"
source "$ROOT/bench/nchan.sh"
JAVA="$(java_home)/bin/java"
JAVAC="$(java_home)/bin/javac"
compile_sse_bench
if [[ " ${SIDES[*]} " == *" nchan "* ]]; then nchan_check; fi
{ echo "sitting: $(date -u +%FT%TZ), sides: ${SIDES[*]}, cases: ${CASES[*]}, rounds: ${BENCH_ROUNDS:-2}"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
  echo "java: $("$JAVA" -version 2>&1 | head -1); nginx: $(nginx -v 2>&1 || true)"
  echo "commit: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')${BENCH_NEW_JAR:+, new: $BENCH_NEW_JAR}"
} | tee "$OUT/sitting.txt"

# 1. each side's jar, extracted, and the harness compiled against it
declare -A APP_CP
prepare_app() { # $1 = side, $2 = jar
  rm -rf "$WORK/$1"
  "$JAVA" -Djarmode=tools -jar "$2" extract --destination "$WORK/$1/app" >/dev/null
  local cp="$WORK/$1/app/$(ls "$WORK/$1/app" | grep '\.jar$'):$WORK/$1/app/lib/*"
  "$JAVAC" -parameters -d "$WORK/$1/classes" -cp "$cp" $(find "$ROOT/bench/src" -name "*.java")
  APP_CP[$1]="$WORK/$1/classes:$cp"
}
for side in "${SIDES[@]}"; do
  case $side in
    ours) if [[ -z ${BENCH_NO_BUILD:-} ]]; then # the bench needs no UI
            (cd "$ROOT" && ./mvnw -q -B -o -DskipTests package -pl orchestrator -Dfrontend.skip)
          fi
          prepare_app ours "$(ls "$ROOT"/orchestrator/target/orchestrator-*.jar | head -1)" ;;
    new) prepare_app new "${BENCH_NEW_JAR:?BENCH_NEW_JAR: the jar of the side \"new\"}" ;;
    nchan) ;;
    *) echo "unknown side $side (ours, new, nchan)" >&2; exit 1 ;;
  esac
done

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # 10,000 streams need a socket each
SERVER_PID="" SERVER_PIDS=""
RUNS=${BENCH_RUNS:-100} RATE=${BENCH_RATE:-20} SECONDS_=${BENCH_SECONDS:-20}   # A/D: runs, lines/s per run, seconds
WARMUP=${BENCH_WARMUP_S:-0}
start_server() { # $1 = side, $2 = label, $3 = agents (A/D: the command runtime) or none (B/C/E), then JVM options
  local side=$1 label=$2 mode=$3; shift 3
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
    -Dlogging.level.root=WARN "$@" -cp "${APP_CP[$side]}" dev.internvillage.bench.BenchHarness \
    > "$OUT/server-$label.log" 2>&1 &
  SERVER_PID=$! SERVER_PIDS=$!
  # a loaded machine can take minutes to start a JVM; a server that does not answer stops the bench loudly
  for _ in $(seq 1 600); do curl -sf "$BASE/api/projects" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sf "$BASE/api/projects" >/dev/null || { echo "$label: the app did not answer within 300 s" >&2; exit 1; }
  PROJECT=$(curl -sf -X POST "$BASE/api/projects/demo" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  TASK=$(new_task bench)
}
new_task() { curl -sf -X POST "$BASE/api/projects/$PROJECT/tasks" -H 'Content-Type: application/json' \
    -d "{\"title\":\"$1\",\"description\":\"$1\"}" | sed -E 's/.*"id":"([^"]+)".*/\1/'; }
trap stop_server EXIT

# One pass of A or D on the running app: $TASK and RUNS - 1 new tasks, each one agent run watched
# by 10 streams of a fresh SseBench client. Usage: agent_pass <label>
agent_pass() {
  local label=$1
  for i in $(seq 2 $RUNS); do new_task "bench $i" >/dev/null; done   # one planner run per task
  # every agent process started and waiting for go (the project's git syncs run one at a time)
  for _ in $(seq 1 1500); do (( $(ls "$WORK/agents-ready" | wc -l) >= RUNS )) && break; sleep 0.2; done
  rm -f "$WORK/agents-ready"/*
  curl -sf -X POST "$BASE/bench/runs?project=$PROJECT&count=$RUNS" >/dev/null
  sub "$label" -u "$BASE/bench/a/{i/10}/events" -n $((RUNS * 10)) -d 120s --idle-exit 3s --event-type agent:log \
    --connect-timeout 60s   # 1,000 connects with 100 runs active take longer than 10 s on a loaded machine
  echo "go at: $(date -u +%T.%3N) UTC" > "$OUT/$label-go.txt"
  local children; children=$(child_ticks); window_start
  touch "$WORK/gate/go"   # every agent starts printing
  if [[ $label == *-warmup ]]; then churn "$label" "$BASE/bench/a/{i}/events"; fi
  finish "$CPU0" "$label" "$children"
  cat "$OUT/$label-go.txt" >> "$OUT/$label.txt"
}

# A on nchan: the same 1,000 streams in groups of 10 per channel, the agents' 2,000 lines/s from one
# publisher, and the end of the runs (two status events per run, on the channel every stream follows)
# from a second one in the last second of the first one's schedule.
nchan_agent_pass() {
  local label=$1 lines=$((RUNS * RATE)) n=$((RUNS * 10))
  sub "$label" -u "$NBASE/sub/a{i/10}" -n $n -d 120s --idle-exit 3s --event-type agent:log --connect-timeout 60s
  window_start
  sse_bench pub -u "$NBASE/pub/a{i%$RUNS}" -r $lines -d "${SECONDS_}s" -c 8 \
    -H 'X-EventSource-Event: agent:log' > "$OUT/$label-pub.txt" 2>&1 &   # a failed POST is in its report
  local lines_pid=$!
  sse_bench pub -u "$NBASE/pub/project" -n $((RUNS * 2)) -r $((RUNS * 2)) --delay "$((SECONDS_ - 1))s" -c 8 \
    -H 'X-EventSource-Event: subtask:status_changed' > "$OUT/$label-burst-pub.txt" 2>&1 || true
  wait "$lines_pid" || true
  finish "$CPU0" "$label"
}

# E on the running server: 10,000 idle streams, memory before and while they are open.
# Usage: idle_streams <label> <stream url> <memory command> [sub args...]
idle_streams() {
  local label=$1 url=$2 mem=$3; shift 3
  local before; before=$($mem)
  native_memory "$label" before
  window_start
  local idle_s=${BENCH_IDLE_S:-0}
  sub "$label" -u "$url" -n 10000 -d $((15 + idle_s))s "$@"
  if (( idle_s > 0 )) && [[ $mem == app_mem ]]; then
    # what an idle server holds by itself (its periodic collection, if any), before the bench collects
    sleep "$idle_s"
    echo "$label MEM idle ${idle_s}s uncollected $(curl -sf "$BASE/bench/mem?collect=false")" | tee -a "$OUT/$label.txt" >> "$OUT/results.txt"
  fi
  local open; open=$($mem)
  native_memory "$label" open
  finish "$CPU0" "$label"   # CPU: the 10,000 connects and 15 s of idle streams
  echo "$label MEM before $before open $open" | tee -a "$OUT/$label.txt" >> "$OUT/results.txt"
}
app_mem() { curl -sf "$BASE/bench/mem"; }
# With BENCH_NMT=1, where the app's memory is: the JVM's own accounts (heap, threads, code, GC, NIO
# buffers, ...) and the heap's largest classes. Usage: native_memory <label> <moment>
native_memory() {
  if [[ -n ${BENCH_NMT:-} && $1 != *nchan ]]; then
    "$(dirname "$JAVA")/jcmd" "$SERVER_PID" VM.native_memory summary > "$OUT/$1-nmt-$2.txt" 2>&1 || true
    "$(dirname "$JAVA")/jcmd" "$SERVER_PID" GC.class_histogram 2>&1 | head -40 > "$OUT/$1-histo-$2.txt" || true
  fi
}
nchan_mem() { echo "{\"rss_kb\":$(nchan_rss_kb)}"; }

FIRST_ROUND=${BENCH_FIRST_ROUND:-1}
for round in $(seq "$FIRST_ROUND" "${BENCH_ROUNDS:-2}"); do
  for c in "${CASES[@]}"; do
    if (( round > FIRST_ROUND )) && [[ " ${BENCH_ONCE:-} " == *" $c "* ]]; then continue; fi
    for side in "${SIDES[@]}"; do
      label="$c$round-$side"
      case $c-$side in
        [AD]-ours|[AD]-new) # 100 agent processes x 10 streams, 20 lines/s each; A wakes on the write signal, D only polls (100 ms)
          signal=$([[ $c == A ]] && echo true || echo false)
          start_server "$side" "$label" agents -Dbench.write-signal=$signal
          if (( WARMUP > 0 )); then # one whole unmeasured pass first, so the JIT has compiled the server's path
            agent_pass "$label-warmup"
            rm -f "$WORK/gate/go"   # the next pass's agents wait for a new go
            TASK=$(new_task bench)
            settle_heap
          fi
          agent_pass "$label"
          stop_server ;;
        A-nchan)
          start_nchan "$label"
          nchan_agent_pass "$label"
          stop_server ;;
        D-nchan) ;;   # polling is the app's old design; nchan has no counterpart
        [BC]-*) # 1 project x 1,000 streams at 100 msg/s, or x 10,000 streams at 5 msg/s (status events)
          n=$([[ $c == B ]] && echo 1000 || echo 10000); rate=$([[ $c == B ]] && echo 100 || echo 5)
          if [[ $side == nchan ]]; then
            start_nchan "$label"
            stream="$NBASE/events" publish="$NBASE/pub/project" pub_args=(-H 'X-EventSource-Event: agent:failed') accept=()
          else
            start_server "$side" "$label" none
            curl -sf -X POST "$BASE/bench/setup?task=$TASK&count=1&firstAttempt=1" >/dev/null
            stream="$BASE/api/projects/$PROJECT/events" publish="$BASE/bench/publish" pub_args=() accept=(--accept-event connected)
          fi
          if (( WARMUP > 0 )); then # B's load also for C: 10,000 more streams would hold memory until they end
            warm_up_fanout "$label-warmup" "$stream" "$publish" "${pub_args[@]}"
          fi
          sub "$label" -u "$stream" -n $n -d 120s --idle-exit 3s --event-type agent:failed "${accept[@]}"
          window_start
          sse_bench pub -u "$publish" -r $rate -d 20s -c 8 "${pub_args[@]}" > "$OUT/$label-pub.txt" 2>&1 || true   # a failed POST is in its report
          grep -h '^RESULT' "$OUT/$label-pub.txt" | sed "s/^/$label-pub /" >> "$OUT/results.txt"
          finish "$CPU0" "$label"
          stop_server ;;
        E-nchan)
          start_nchan "$label"
          idle_streams "$label" "$NBASE/events" nchan_mem
          stop_server ;;
        E-*)
          start_server "$side" "$label" none ${BENCH_NMT:+-XX:NativeMemoryTracking=summary}
          idle_streams "$label" "$BASE/api/projects/$PROJECT/events" app_mem --accept-event connected
          stop_server ;;
      esac
    done
  done
done
echo "results in $OUT/results.txt; table: bench/summary.sh $OUT"
