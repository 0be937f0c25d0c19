#!/usr/bin/env bash
# A reconnect storm on a freshly started server, by AOT cache (see RESULTS.md, "The AOT cache trained on
# a reconnect storm"): the packaged app as bin/run starts it (the extracted jar, bin/run's default JVM
# options), without a cache, with a cache of its start-up alone (-Dspring.context.exit=onRefresh, as
# bin/run trained it before) and with bin/run's cache (trained by the app's own workload). Each round
# starts every variant in turn on a new DATA_DIR and records the time until GET /api/projects answers,
# then opens 2,000 streams of one project and 8,000 more (SseBench, each batch to its connected event).
# Usage: bench/restart-storm.sh              (bin/run trains its cache first if it has none)
#        BENCH_ROUNDS=4                      rounds (default 4)
#        BENCH_VARIANTS="none start trained" which variants, in this order every round
# Raw reports in bench/out/<UTC time>-restart-storm/ (git ignores it); one line per run in results.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)-restart-storm}"
WORK="$ROOT/bench/target/restart-storm"
PORT="${BENCH_PORT:-18090}"
BASE="http://127.0.0.1:$PORT"
VARIANTS=(${BENCH_VARIANTS:-none start trained})
SSE_BENCH="${SSE_BENCH:-$ROOT/bench/tools/sse-bench/SseBench.java}"
mkdir -p "$OUT" "$WORK"

source "$ROOT/bench/lib.sh"
JAVA="$(java_home)/bin/java"
compile_sse_bench
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
cleanup() { for p in "${SUBS[@]}"; do kill "$p" 2>/dev/null || true; done; SUBS=(); stop_server; }
trap cleanup EXIT

for round in $(seq 1 "${BENCH_ROUNDS:-4}"); do
  for variant in "${VARIANTS[@]}"; do
    case $variant in
      none) cache=() ;;
      # AOTMode=on: a cache that does not fit (other JVM options than bin/run trained with) stops the JVM
      # instead of being skipped, which would measure "none" under another name
      start) cache=(-XX:AOTMode=on -XX:AOTCache="$WORK/start.aot") ;;
      trained) cache=(-XX:AOTMode=on -XX:AOTCache="$run_dir/app.aot") ;;
      *) echo "unknown variant $variant (none, start, trained)" >&2; exit 1 ;;
    esac
    label="$variant$round"
    rm -rf "$WORK/data"
    t0=$(date +%s%3N)
    env DATA_DIR="$WORK/data" PORT="$PORT" SSE_MAX_CONNECTIONS_PER_USER=100000 \
      "$JAVA" "${OPTS[@]}" "${cache[@]}" -Dserver.tomcat.max-connections=30000 -Dlogging.level.root=WARN \
      -jar "$JAR" > "$OUT/$label-server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 6000); do curl -sf "$BASE/api/projects" >/dev/null 2>&1 && break; sleep 0.05; done
    up_ms=$(( $(date +%s%3N) - t0 ))
    curl -sf "$BASE/api/projects" >/dev/null || { echo "$label: the app did not answer (see $OUT/$label-server.log)" >&2; exit 1; }
    project=$(curl -sf -X POST "$BASE/api/projects/demo" | sed -E 's/.*"id":"([^"]+)".*/\1/')
    phases=()
    for n in 2000 8000; do
      sub "$label-sub-$n" -u "$BASE/api/projects/$project/events" -n "$n" -d 600s
      SUBS+=("$SUB_PID")
      phases+=("$(grep -ho 'connect_phase_s=[0-9.]*' "$OUT/$label-sub-$n.txt" | cut -d= -f2)")
    done
    echo "$label up_s=$(awk -v m="$up_ms" 'BEGIN {printf "%.2f", m / 1000}') connect_2000_s=${phases[0]}" \
      "connect_next_8000_s=${phases[1]} load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/results.txt"
    cleanup
  done
done
echo "results in $OUT/results.txt"
