#!/usr/bin/env bash
# Start-up time of a run command (see RESULTS.md, "Start-up"): starts it RUNS times (default 5), each
# time measuring from launch until GET /api/projects answers 200, then stops it. Prints each time and
# the median. The runs share one DATA_DIR (bench/target/start-time/data, kept between runs), so every
# run after the first starts on an existing database, as a second start does.
# Usage: bench/start-time.sh <label> <command...>
#   e.g. bench/start-time.sh mvn ./mvnw -pl orchestrator spring-boot:run
#        bench/start-time.sh jar java -jar orchestrator/target/orchestrator-0.1.0-SNAPSHOT.jar
#        RUNS=7 BENCH_PORT=18200 bench/start-time.sh run bin/run
# The command runs from the repository root with PORT and DATA_DIR set; its output goes to
# bench/out/start-<label>-<n>.log.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bench/out}"
DATA="${BENCH_DATA_DIR:-$ROOT/bench/target/start-time/data}"
PORT="${BENCH_PORT:-18180}"
RUNS="${RUNS:-5}"
LABEL=$1; shift
mkdir -p "$OUT" "$DATA"

PID=""
stop() { # the command's whole process group: mvn forks the app's JVM
  if [[ -n $PID ]]; then kill -- -"$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; fi
}
trap stop EXIT

now_ms() { date +%s%3N; }
times=()
for n in $(seq 1 "$RUNS"); do
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is in use" >&2; exit 1; fi
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(now_ms)
  (cd "$ROOT" && PORT="$PORT" DATA_DIR="$DATA" exec setsid "$@") > "$OUT/start-$LABEL-$n.log" 2>&1 &
  PID=$!
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/projects") == 200 ]]; do
    kill -0 "$PID" 2>/dev/null || { echo "run $n: the command ended; see $OUT/start-$LABEL-$n.log" >&2; exit 1; }
    sleep 0.05
  done
  ms=$(( $(now_ms) - start ))
  times+=("$ms")
  printf '%s run %d: %d.%02d s (load average %s at launch)\n' "$LABEL" "$n" $((ms / 1000)) $((ms % 1000 / 10)) "$load"
  stop
  sleep 1
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}')
printf '%s median of %d: %d.%02d s\n' "$LABEL" "$RUNS" $((median / 1000)) $((median % 1000 / 10)) | tee -a "$OUT/start-times.txt"
