#!/usr/bin/env bash
# Start-up time of run commands (see RESULTS.md, "Start-up"): from launch until GET /api/projects
# answers 200, then the command is stopped. Each command runs ROUNDS times (default 5); the commands
# take turns, so they share the machine's noise. Prints every time and the median per command, and the
# CPU time the command's processes had used by then (on a shared, loaded machine the wall time grows
# with the load; the CPU time much less).
# All runs share one DATA_DIR (bench/target/start-time/data, kept), so every run after the very first
# starts on an existing database, as a second start does.
# Usage: bench/start-time.sh <label>=<command> ...
#   e.g. bench/start-time.sh 'mvn=./mvnw -pl orchestrator spring-boot:run'
#        bench/start-time.sh 'jar=java -jar orchestrator/target/orchestrator-0.1.0-SNAPSHOT.jar' \
#                            'extracted=bin/run --no-aot' 'aot=bin/run'
# A command runs with bash from the repository root with PORT (BENCH_PORT, default 18180) and DATA_DIR
# set; its output goes to bench/out/start-<label>-<round>.log, the medians also to bench/out/start-times.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# one folder per invocation, so a second run (BENCH_ROUNDS=1 twice) never overwrites the first
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)}"
DATA="${BENCH_DATA_DIR:-$ROOT/bench/target/start-time/data}"
PORT="${BENCH_PORT:-18180}"
ROUNDS="${ROUNDS:-5}"
(( $# > 0 )) || { awk 'NR > 1 && !/^#/ {exit} NR > 1' "$0" >&2; exit 2; }
mkdir -p "$OUT" "$DATA"

PID=""
stop() { # the command's whole process group: mvn forks the app's JVM
  if [[ -n $PID ]]; then kill -- -"$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; fi
}
trap stop EXIT

now_ms() { date +%s%3N; }
cpu_ms() { # user + system CPU of a process group's live processes and of the children they waited for
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v g="$1" -v hz="$(getconf CLK_TCK)" \
    '{ sub(/^.*\) /, ""); if ($3 == g) t += $12 + $13 + $14 + $15 } END { print int(t * 1000 / hz) }'
}
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
seconds() { printf '%d.%02d s' $(($1 / 1000)) $(($1 % 1000 / 10)); }

measure() { # label command round -> MS, the milliseconds until the answer, and CPU_MS
  local label=$1 command=$2 round=$3 start
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is in use" >&2; exit 1; fi
  start=$(now_ms)
  (cd "$ROOT" && PORT="$PORT" DATA_DIR="$DATA" exec setsid bash -c "$command") > "$OUT/start-$label-$round.log" 2>&1 &
  PID=$!
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/projects") == 200 ]]; do
    kill -0 "$PID" 2>/dev/null || { echo "$label: the command ended; see $OUT/start-$label-$round.log" >&2; exit 1; }
    sleep 0.05
  done
  MS=$(( $(now_ms) - start ))
  CPU_MS=$(cpu_ms "$PID")
  stop
}

declare -A times cpu
for round in $(seq 1 "$ROUNDS"); do
  for spec in "$@"; do
    label=${spec%%=*}
    load=$(cut -d' ' -f1 /proc/loadavg)
    measure "$label" "${spec#*=}" "$round"
    times[$label]+="$MS "
    cpu[$label]+="$CPU_MS "
    echo "$label round $round: $(seconds "$MS"), CPU $(seconds "$CPU_MS") (load average $load at launch)"
    sleep 1
  done
done
for spec in "$@"; do
  label=${spec%%=*}
  echo "$(date -u +%FT%TZ) $label: median $(seconds "$(median "${times[$label]}")") of $ROUNDS" \
    "(${times[$label]% } ms), CPU median $(seconds "$(median "${cpu[$label]}")")" | tee -a "$OUT/start-times.txt"
done
