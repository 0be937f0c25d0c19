#!/usr/bin/env bash
# A reconnect storm on a freshly started server, by AOT cache (see RESULTS.md, "The AOT cache trained on
# a reconnect storm"): the packaged app as bin/run starts it (the extracted jar, bin/run's default JVM
# options), without a cache, with a cache of its start-up alone (-Dspring.context.exit=onRefresh, as
# bin/run trained it before) and with bin/run's cache (trained by the app's own workload). Each round
# starts every variant in turn on a new DATA_DIR and records the time until GET /api/projects answers,
# then opens 2,000 streams of one project and 8,000 more (SseBench, each batch to its connected event).
# Then, on the same running server, BENCH_STORMS more storms: all streams dropped, the server given 5 s
# to close them, 10,000 opened again; a warm server's figure. Two references take the same storms:
# "raw", bench/src/.../RawFanout.java (plain JDK NIO: no framework, no checks, no database; what any
# JVM server has to pay here) and "nchan" (nginx + nchan, bench/nchan.sh).
# Usage: bench/restart-storm.sh              (bin/run trains its cache first if it has none)
#        BENCH_ROUNDS=4                      rounds (default 4)
#        BENCH_VARIANTS="none start trained" which variants, in this order every round (also: raw, nchan)
#        BENCH_STORMS=0                      storms of 10,000 after the first on the running server
# Raw reports in bench/out/<UTC time>-restart-storm/ (git ignores it); one line per run in results.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)-restart-storm}"
WORK="$ROOT/bench/target/restart-storm"
PORT="${BENCH_PORT:-18090}"
NCHAN_PORT="$PORT"
BASE="http://127.0.0.1:$PORT"
VARIANTS=(${BENCH_VARIANTS:-none start trained})
SSE_BENCH="${SSE_BENCH:-$ROOT/bench/tools/sse-bench/SseBench.java}"
mkdir -p "$OUT" "$WORK"

source "$ROOT/bench/lib.sh"
source "$ROOT/bench/nchan.sh"
JAVA="$(java_home)/bin/java"
compile_sse_bench
if [[ " ${VARIANTS[*]} " == *" nchan "* ]]; then nchan_check; fi
"$(dirname "$JAVA")/javac" -d "$WORK/raw" "$ROOT/bench/src/dev/internvillage/bench/RawFanout.java"
export JAVA_HOME; JAVA_HOME="$(java_home)"

# bin/run's extracted jar and cache (it trains once per jar; the app it starts is stopped at once)
run_dir="$(dirname "$(ls -t "$ROOT"/orchestrator/target/orchestrator-*.jar | head -n 1)")/run"
if [[ ! -f "$run_dir/app.aot" ]]; then
  PORT="$PORT" DATA_DIR="$WORK/first" setsid "$ROOT/bin/run" > "$OUT/bin-run.log" 2>&1 &
  first=$!
  for _ in $(seq 1 600); do curl -sf "$BASE/api/projects" >/dev/null 2>&1 && break; sleep 0.5; done
  kill -- -"$first"; wait "$first" 2>/dev/null || true
fi
JAR="$run_dir/app/$(ls "$run_dir/app" | grep '\.jar$')"
OPTS=(-XX:+UseCompactObjectHeaders -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:G1PeriodicGCInterval=60000)
rm -rf "$WORK/start.aot" "$WORK/data"
DATA_DIR="$WORK/data" "$JAVA" "${OPTS[@]}" -XX:AOTCacheOutput="$WORK/start.aot" -Dspring.context.exit=onRefresh \
  -jar "$JAR" > "$OUT/start-training.log" 2>&1

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
SERVER_PID=""
SUBS=()
cleanup() {
  drop_streams
  stop_server
  if [[ -n ${SERVER_PIDS:-} ]]; then kill $SERVER_PIDS 2>/dev/null || true; fi   # nchan's workers
  SERVER_PID="" SERVER_PIDS=""
}
trap cleanup EXIT

# Starts the variant's server (SERVER_PID, SERVER_PIDS), waits until it answers and sets URL to a stream.
start_variant() { # $1 = variant, $2 = label
  local cache=()
  case $1 in
    none) ;;
    # AOTMode=on: a cache that does not fit (other JVM options than bin/run trained with) stops the JVM
    # instead of being skipped, which would measure "none" under another name
    start) cache=(-XX:AOTMode=on -XX:AOTCache="$WORK/start.aot") ;;
    trained) cache=(-XX:AOTMode=on -XX:AOTCache="$run_dir/app.aot") ;;
    raw)
      "$JAVA" "${OPTS[@]}" -cp "$WORK/raw" dev.internvillage.bench.RawFanout "$PORT" > "$OUT/$2-server.log" 2>&1 &
      SERVER_PID=$! SERVER_PIDS=$!
      for _ in $(seq 1 600); do curl -sf -o /dev/null -X POST "$BASE/pub" 2>/dev/null && break; sleep 0.05; done
      curl -sf -o /dev/null -X POST "$BASE/pub" || { echo "$2: the floor did not answer (see $OUT/$2-server.log)" >&2; exit 1; }
      URL="$BASE/sub"; return ;;
    nchan) start_nchan "$2"; URL="$BASE/events"; return ;;
    *) echo "unknown variant $1 (none, start, trained, raw, nchan)" >&2; exit 1 ;;
  esac
  env DATA_DIR="$WORK/data" PORT="$PORT" SSE_MAX_CONNECTIONS_PER_USER=100000 \
    "$JAVA" "${OPTS[@]}" "${cache[@]}" -Dserver.tomcat.max-connections=30000 -Dlogging.level.root=WARN \
    -jar "$JAR" > "$OUT/$2-server.log" 2>&1 &
  SERVER_PID=$! SERVER_PIDS=$!
  for _ in $(seq 1 6000); do curl -sf "$BASE/api/projects" >/dev/null 2>&1 && break; sleep 0.05; done
  curl -sf "$BASE/api/projects" >/dev/null || { echo "$2: the app did not answer (see $OUT/$2-server.log)" >&2; exit 1; }
  URL="$BASE/api/projects/$(curl -sf -X POST "$BASE/api/projects/demo" | sed -E 's/.*"id":"([^"]+)".*/\1/')/events"
}

# Opens n streams (to their connected event, or the response head where a side sends none) and keeps
# them open; PHASE is the connect phase in seconds. Usage: storm <label> <n>
storm() {
  sub "$1" -u "$URL" -n "$2" -d 600s
  SUBS+=("$SUB_PID")
  PHASE=$(grep -ho 'connect_phase_s=[0-9.]*' "$OUT/$1.txt" | cut -d= -f2)
}
drop_streams() { for p in "${SUBS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; SUBS=(); }

for round in $(seq 1 "${BENCH_ROUNDS:-4}"); do
  for variant in "${VARIANTS[@]}"; do
    label="$variant$round"
    rm -rf "$WORK/data"
    t0=$(date +%s%3N)
    start_variant "$variant" "$label"
    up_ms=$(( $(date +%s%3N) - t0 ))
    storm "$label-sub-2000" 2000; first=$PHASE
    storm "$label-sub-8000" 8000; first="$first+$PHASE"
    again=()
    for s in $(seq 1 "${BENCH_STORMS:-0}"); do
      drop_streams
      sleep 5   # the server closes the dropped streams before the next storm
      c0=$(cpu_ticks)
      storm "$label-again-$s" 10000
      again+=("$PHASE/$(awk -v t="$(( $(cpu_ticks) - c0 ))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')")
    done
    echo "$label up_s=$(awk -v m="$up_ms" 'BEGIN {printf "%.2f", m / 1000}') connect_2000+8000_s=$first" \
      "again_10000_s/server_cpu_s=$(IFS=,; echo "${again[*]:-}") load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/results.txt"
    cleanup
  done
done
echo "results in $OUT/results.txt"
