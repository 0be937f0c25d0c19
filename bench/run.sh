#!/usr/bin/env bash
# Event fan-out benchmark (see RESULTS.md). Builds the app, starts it together with the bench harness
# (bench/src: stands in for the agent executor and publishes status events through the real outbox
# path), and drives ../shared/tools/sse-bench/SseBench.java against it. Every RESULT line lands in
# bench/out/. Usage: bench/run.sh [case...]   cases: A D B C E   (default: all, each twice)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SSE_BENCH="${SSE_BENCH:-$ROOT/../shared/tools/sse-bench/SseBench.java}"
OUT="$ROOT/bench/out"
WORK="$ROOT/bench/target"
PORT="${BENCH_PORT:-18080}"
BASE="http://127.0.0.1:$PORT"
CASES=("${@:-A D B C E}")
mkdir -p "$OUT" "$WORK"

java_home() {
  if [[ -n "${JAVA_HOME:-}" ]] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    echo "$JAVA_HOME"; return
  fi
  for jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    if "$jdk/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then echo "${jdk%/}"; return; fi
  done
  echo "need JDK 21+" >&2; exit 1
}
JAVA="$(java_home)/bin/java"
JAVAC="$(java_home)/bin/javac"

# 1. the app's jar, extracted, and the harness compiled against it
(cd "$ROOT" && ./mvnw -q -B -o -DskipTests package -pl orchestrator)
rm -rf "$WORK/app" "$WORK/classes"
"$JAVA" -Djarmode=tools -jar "$ROOT"/orchestrator/target/orchestrator-*.jar extract --destination "$WORK/app" >/dev/null
CP="$WORK/app/$(ls "$WORK/app" | grep '\.jar$'):$WORK/app/lib/*"
"$JAVAC" -parameters -d "$WORK/classes" -cp "$CP" $(find "$ROOT/bench/src" -name "*.java")

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # 10,000 streams need a socket each
SERVER_PID=""
start_server() { # $1 = label
  rm -rf "$WORK/data"
  DATA_DIR="$WORK/data" PORT="$PORT" SSE_MAX_CONNECTIONS_PER_USER=100000 \
    "$JAVA" -Xms1g -Xmx2g -Dserver.tomcat.max-connections=30000 -Dserver.tomcat.accept-count=2000 \
    -Dlogging.level.root=WARN -cp "$WORK/classes:$CP" dev.internvillage.bench.BenchHarness \
    > "$OUT/server-$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -sf "$BASE/api/projects" >/dev/null 2>&1 && break; sleep 0.5; done
  PROJECT=$(curl -sf -X POST "$BASE/api/projects/demo" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  TASK=$(curl -sf -X POST "$BASE/api/projects/$PROJECT/tasks" -H 'Content-Type: application/json' \
    -d '{"title":"bench","description":"bench"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
}
stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap stop_server EXIT
cpu_ticks() { awk '{print $14+$15}' "/proc/$SERVER_PID/stat"; }
sub() { # label, then SseBench sub args
  local label=$1; shift
  rm -f "$WORK/ready"
  "$JAVA" "$SSE_BENCH" sub --ready-file "$WORK/ready" --progress 5s "$@" > "$OUT/$label.txt" 2>&1 &
  SUB_PID=$!
  for _ in $(seq 1 600); do [[ -f "$WORK/ready" ]] && break; sleep 0.2; done
}
finish() { # label
  local before=$1
  wait "$SUB_PID" || true
  local after; after=$(cpu_ticks)
  echo "server CPU s: $(( (after - before) / $(getconf CLK_TCK) ))" >> "$OUT/$2.txt"
  grep -h '^RESULT' "$OUT/$2.txt" | sed "s/^/$2 /" >> "$OUT/results.txt"
  grep -h 'server CPU' "$OUT/$2.txt" | sed "s/^/$2 /" >> "$OUT/results.txt"
}

for round in 1 2; do
  for c in ${CASES[*]}; do
    case $c in
      A|D) # 100 runs x 10 streams, 20 lines/s per run; A wakes on the write signal, D only polls (100 ms)
        start_server "$c$round"
        curl -sf -X POST "$BASE/bench/setup?task=$TASK&count=100&firstAttempt=1" >/dev/null
        sub "$c$round" -u "$BASE/bench/a/{i/10}/events" -n 1000 -d 40s --idle-exit 3s --event-type agent:log
        before=$(cpu_ticks)
        signal=$([[ $c == A ]] && echo true || echo false)
        curl -sf -X POST "$BASE/bench/write?rate=20&seconds=20&signal=$signal" >/dev/null
        finish "$before" "$c$round"
        stop_server ;;
      B|C) # 1 project x 1,000 streams at 100 msg/s, or x 10,000 streams at 5 msg/s (status events)
        start_server "$c$round"
        curl -sf -X POST "$BASE/bench/setup?task=$TASK&count=1&firstAttempt=1" >/dev/null
        n=$([[ $c == B ]] && echo 1000 || echo 10000); rate=$([[ $c == B ]] && echo 100 || echo 5)
        sub "$c$round" -u "$BASE/api/projects/$PROJECT/events" -n $n -d 40s --idle-exit 3s --event-type agent:failed
        before=$(cpu_ticks)
        "$JAVA" "$SSE_BENCH" pub -u "$BASE/bench/publish" -r $rate -d 20s -c 4 > "$OUT/$c$round-pub.txt" 2>&1
        grep -h '^RESULT' "$OUT/$c$round-pub.txt" | sed "s/^/$c$round-pub /" >> "$OUT/results.txt"
        finish "$before" "$c$round"
        stop_server ;;
      E) # heap and RSS per idle stream at 10,000 streams
        start_server "E$round"
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
