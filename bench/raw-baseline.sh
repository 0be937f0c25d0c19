#!/usr/bin/env bash
# The floor for cases B and C: bench/src/.../RawFanout.java (plain JDK NIO, no framework, no database,
# no queue, drops a frame a full socket cannot take) driven by the same SseBench commands as
# bench/run.sh B C, after the same warm-up. It says how much of the app's latency any JVM server would
# have on this machine with this client. Usage: bench/raw-baseline.sh [B] [C]   (default both; two
# rounds, or BENCH_ROUNDS)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SSE_BENCH="${SSE_BENCH:-$ROOT/bench/tools/sse-bench/SseBench.java}"
# one folder per invocation, so a second run (BENCH_ROUNDS=1 twice) never overwrites the first
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)}"
WORK="$ROOT/bench/target/raw"
PORT="${BENCH_PORT:-18090}"
BASE="http://127.0.0.1:$PORT"
WARMUP=${BENCH_WARMUP_S:-20}
mkdir -p "$OUT" "$WORK"
source "$ROOT/bench/lib.sh"
JAVA="$(java_home)/bin/java"
compile_sse_bench
"$(java_home)/bin/javac" -d "$WORK" "$ROOT/bench/src/dev/internvillage/bench/RawFanout.java"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

SERVER_PID=""
trap stop_server EXIT
CASES=("${@:-B C}")
for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
  for c in ${CASES[*]}; do
    "$JAVA" -Xms1g -Xmx2g ${BENCH_SERVER_OPTS:-} -cp "$WORK" dev.internvillage.bench.RawFanout "$PORT" > "$OUT/raw-server-$c$round.log" 2>&1 &
    SERVER_PID=$!
    sleep 1
    warm_up_fanout "raw-$c$round-warmup" "$BASE/sub" "$BASE/pub"
    n=$([[ $c == B ]] && echo 1000 || echo 10000); rate=$([[ $c == B ]] && echo 100 || echo 5)
    sub "raw-$c$round" -u "$BASE/sub" -n $n -d 40s --idle-exit 3s --event-type agent:failed
    window_start
    sse_bench pub -u "$BASE/pub" -r $rate -d 20s -c 8 > "$OUT/raw-$c$round-pub.txt" 2>&1 || true
    finish "$CPU0" "raw-$c$round"
    stop_server
  done
done
echo "results in $OUT/results.txt"
