#!/usr/bin/env bash
# Where the memory per idle stream and the connect time go: starts the app (jar plus bench harness,
# agents off) with native memory tracking and a JFR recording, then opens idle streams in steps
# (default 2,000, then up to 10,000) and after each step records the connect phase, the heap after a
# full collection and the RSS (/bench/mem), a native memory summary diff against the baseline, and a
# class histogram. Raw outputs land in bench/out/ (git ignores it).
# Usage: bench/idle-streams.sh [label]
#        IDLE_STEPS="2000 10000"       total open streams after each step
#        IDLE_SERVER_OPTS="-Xmx512m"   JVM options of the server (default: run.sh's -Xms1g -Xmx2g)
#        IDLE_JFR=0                    no JFR recording
#        IDLE_SKIP_BUILD=1             reuse bench/target/app and bench/target/classes
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LABEL="${1:-idle}"
SSE_BENCH="${SSE_BENCH:-$ROOT/bench/tools/sse-bench/SseBench.java}"
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)-$LABEL}"
WORK="$ROOT/bench/target"
PORT="${BENCH_PORT:-18080}"
BASE="http://127.0.0.1:$PORT"
STEPS=(${IDLE_STEPS:-2000 10000})
mkdir -p "$OUT" "$WORK"

source "$ROOT/bench/lib.sh"
JAVA="$(java_home)/bin/java"
JAVAC="$(java_home)/bin/javac"
JCMD="$(java_home)/bin/jcmd"

if [[ -z "${IDLE_SKIP_BUILD:-}" ]]; then
  (cd "$ROOT" && ./mvnw -q -B -o -DskipTests package -pl orchestrator -Dfrontend.skip)
  rm -rf "$WORK/app" "$WORK/classes"
  "$JAVA" -Djarmode=tools -jar "$ROOT"/orchestrator/target/orchestrator-*.jar extract --destination "$WORK/app" >/dev/null
fi
CP="$WORK/app/$(ls "$WORK/app" | grep '\.jar$'):$WORK/app/lib/*"
if [[ -z "${IDLE_SKIP_BUILD:-}" || ! -d "$WORK/classes" ]]; then
  "$JAVAC" -parameters -d "$WORK/classes" -cp "$CP" $(find "$ROOT/bench/src" -name "*.java")
fi

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
SERVER_PID=""
SUBS=()
cleanup() {
  for p in "${SUBS[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_server
}
trap cleanup EXIT

jfr=()
if [[ "${IDLE_JFR:-1}" != 0 ]]; then
  jfr=(-XX:StartFlightRecording=settings=profile,filename="$OUT/server.jfr",dumponexit=true)
fi
rm -rf "$WORK/data"
env DATA_DIR="$WORK/data" PORT="$PORT" SSE_MAX_CONNECTIONS_PER_USER=100000 \
  "$JAVA" ${IDLE_SERVER_OPTS:--Xms1g -Xmx2g} -XX:NativeMemoryTracking=summary "${jfr[@]}" \
  -Dserver.tomcat.max-connections=30000 -Dserver.tomcat.accept-count=2000 -Dlogging.level.root=WARN \
  -Dinternvillage.agents.enabled=false -cp "$WORK/classes:$CP" dev.internvillage.bench.BenchHarness \
  > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -sf "$BASE/api/projects" >/dev/null 2>&1 && break; sleep 0.5; done
PROJECT=$(curl -sf -X POST "$BASE/api/projects/demo" | sed -E 's/.*"id":"([^"]+)".*/\1/')

snapshot() { # $1 = name
  curl -sf "$BASE/bench/mem" > "$OUT/$1-mem.json"
  "$JCMD" "$SERVER_PID" GC.class_histogram > "$OUT/$1-histogram.txt"
  if [[ $1 == base ]]; then
    "$JCMD" "$SERVER_PID" VM.native_memory baseline > /dev/null
    "$JCMD" "$SERVER_PID" VM.native_memory summary > "$OUT/$1-nmt.txt"
  else
    "$JCMD" "$SERVER_PID" VM.native_memory summary.diff > "$OUT/$1-nmt.txt"
  fi
  grep -E '^(VmRSS|RssAnon|RssFile|Threads)' "/proc/$SERVER_PID/status" > "$OUT/$1-proc.txt"
  echo "$1 $(cat "$OUT/$1-mem.json") $(tr '\n' ' ' < "$OUT/$1-proc.txt")" | tee -a "$OUT/results.txt"
}

snapshot base
open=0
for total in "${STEPS[@]}"; do
  n=$((total - open))
  rm -f "$WORK/ready"
  "$JAVA" ${BENCH_CLIENT_OPTS:-} "$SSE_BENCH" sub --ready-file "$WORK/ready" --progress 60s \
    -u "$BASE/api/projects/$PROJECT/events" -n "$n" -d 600s > "$OUT/sub-$total.txt" 2>&1 &
  SUBS+=($!)
  for _ in $(seq 1 600); do [[ -f "$WORK/ready" ]] && break; sleep 0.2; done
  grep -h '^READY' "$OUT/sub-$total.txt" | sed "s/^/streams-$total +$n /" | tee -a "$OUT/results.txt"
  open=$total
  snapshot "streams-$total"
done
"$JCMD" "$SERVER_PID" JFR.dump filename="$OUT/server.jfr" >/dev/null 2>&1 || true
echo "results in $OUT/results.txt"
