#!/usr/bin/env bash
# Cross-instance benchmark (see RESULTS.md, "Several instances"): the app and the bench harness
# (bench/src) started by bin/cluster on one fresh PostgreSQL database per side, driven by
# bench/tools/sse-bench/SseBench.java. Raw reports and every RESULT line go to bench/out/<time>-cluster/
# (BENCH_OUT), which git ignores.
#
# Cases (each side on fresh instances; rounds alternate the sides, so both see the same noise):
#   S1  one instance:   1,000 streams of one project on it, status events published on it at 100/s
#                       (bench case B's load; the baseline on PostgreSQL)
#   SX  three instances: the same 1,000 streams all on instance B, the events published on instance A:
#                       latency = a status change committed on A to a client streaming from B
#   S3  three instances: the 1,000 streams through nginx (spread over the three), the events published
#                       through nginx (spread): throughput and CPU of three against one
#   LX  three instances, agents only on A (B and C run none): RUNS real agent processes print 20 lines/s
#                       each on A (bench case A's load), 10 streams per run follow them on B:
#                       latency = a log line printed by an agent on A to a client on B
#   L1  one instance: the same agents and streams on one instance (case A on PostgreSQL)
# Usage: bench/cluster.sh [case...]     default: S1 SX S3 L1 LX; BENCH_ROUNDS (default 2) rounds;
#        BENCH_JAR=<jar> measures that jar instead of building this tree's
#        BENCH_RUNS=100 BENCH_RATE=20 BENCH_SECONDS=20 (L cases), BENCH_STREAMS=1000 BENCH_PUB_RATE=100 (S cases)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SSE_BENCH="$ROOT/bench/tools/sse-bench/SseBench.java"
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)-cluster}"
WORK="$ROOT/bench/target/cluster"
CASES=(${@:-S1 SX S3 L1 LX})
STREAMS=${BENCH_STREAMS:-1000} PUB_RATE=${BENCH_PUB_RATE:-100} PUB_SECONDS=${BENCH_PUB_SECONDS:-20}
RUNS=${BENCH_RUNS:-100} RATE=${BENCH_RATE:-20} SECONDS_=${BENCH_SECONDS:-20}
mkdir -p "$OUT" "$WORK"

source "$ROOT/bench/lib.sh"
JAVA="$(java_home)/bin/java"
JAVAC="$(java_home)/bin/javac"

# the app's jar, extracted, and the harness compiled against it (as bench/run.sh)
# BENCH_JAR measures another build's jar (e.g. a branch not merged yet) with this harness
JAR=${BENCH_JAR:-}
if [[ -z "$JAR" ]]; then
  (cd "$ROOT" && ./mvnw -q -B -o -DskipTests package -pl orchestrator -Dfrontend.skip)
  JAR=$(ls -t "$ROOT"/orchestrator/target/orchestrator-*.jar | grep -v original | head -n 1)
fi
echo "jar: $JAR ($(sha256sum "$JAR" | cut -c1-12))" > "$OUT/jar.txt"
rm -rf "$WORK/app" "$WORK/classes"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
CP="$WORK/app/$(ls "$WORK/app" | grep '\.jar$'):$WORK/app/lib/*"
"$JAVAC" -parameters -d "$WORK/classes" -cp "$CP" $(find "$ROOT/bench/src" -name "*.java")
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

CLUSTER_PID=""
# Starts bin/cluster with the harness, n instances; sets CDIR and the instances' URLs U1..Un, BAL.
start_cluster() { # $1 = label, $2 = n, then VAR=value settings for the instances
  local label=$1 n=$2; shift 2
  rm -f "$OUT/$label-cluster.out"
  env SSE_MAX_CONNECTIONS_PER_USER=100000 NGINX_ACCESS_LOG=off "$@" \
    JAVA_OPTS="-Xms512m -Xmx1g -Dserver.tomcat.max-connections=30000 -Dlogging.level.root=WARN" \
    "$ROOT/bin/cluster" start -n "$n" --classpath "$WORK/classes:$CP" --main dev.internvillage.bench.BenchHarness \
    > "$OUT/$label-cluster.out" 2>&1 &
  CLUSTER_PID=$!
  for _ in $(seq 1 1200); do
    grep -q 'cluster: ready' "$OUT/$label-cluster.out" && break
    kill -0 "$CLUSTER_PID" 2>/dev/null || { cat "$OUT/$label-cluster.out"; exit 1; }
    sleep 0.5
  done
  CDIR=$(sed -n 's/^cluster: dir //p' "$OUT/$label-cluster.out")
  source "$CDIR/cluster.env"
  BAL=$BALANCER_URL U1=$INSTANCE_1_URL U2=${INSTANCE_2_URL:-$INSTANCE_1_URL} U3=${INSTANCE_3_URL:-$INSTANCE_1_URL}
  PIDS=(); for i in $(seq 1 "$n"); do v="INSTANCE_${i}_PID"; PIDS+=("${!v}"); done
}
stop_cluster() {
  if [[ -n "$CLUSTER_PID" ]]; then
    # keep the instances' logs with the report
    for f in "$CDIR"/i*/app.log; do cp "$f" "$OUT/$LABEL-$(basename "$(dirname "$f")").log" 2>/dev/null || true; done
    kill "$CLUSTER_PID" 2>/dev/null || true; wait "$CLUSTER_PID" 2>/dev/null || true; CLUSTER_PID=""
  fi
}
trap stop_cluster EXIT
trap "exit 143" TERM
trap "exit 130" INT
# every instance's CPU (user + system ticks), summed
cluster_ticks() { local s=0 p; for p in "${PIDS[@]}"; do s=$((s + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $s; }
new_task() { curl -sf -X POST "$1/api/projects/$PROJECT/tasks" -H 'Content-Type: application/json' \
    -d "{\"title\":\"$2\",\"description\":\"$2\"}" | sed -E 's/.*"id":"([^"]+)".*/\1/'; }
window_end() { # $1 = label, $2 = ticks at start
  wait "$SUB_PID" || true
  awk -v t="$(( $(cluster_ticks) - $2 ))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "server CPU s: %.2f\n", t / hz }' >> "$OUT/$1.txt"
  steal_since "$STEAL0" >> "$OUT/$1.txt"
  echo "load average at end: $(cat /proc/loadavg)" >> "$OUT/$1.txt"
  grep -h '^RESULT' "$OUT/$1.txt" | sed "s/^/$1 /" >> "$OUT/results.txt"
  grep -h 'CPU s:\|steal %:\|load average' "$OUT/$1.txt" | sed "s/^/$1 /" >> "$OUT/results.txt"
}

status_case() { # $1 = S1, SX or S3, $2 = round
  local c=$1 label="$1-$2" n=3 sub_url pub_url
  [[ $c == S1 ]] && n=1
  LABEL=$label
  start_cluster "$label" $n CLUSTER_OPTS_1=-Dinternvillage.agents.enabled=false CLUSTER_OPTS_2=-Dinternvillage.agents.enabled=false \
    CLUSTER_OPTS_3=-Dinternvillage.agents.enabled=false
  PROJECT=$(curl -sf -X POST "$U1/api/projects/demo" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  local task; task=$(new_task "$U1" bench)
  # the publisher's template run lives on the instance that publishes; with S3 every instance publishes
  curl -sf -X POST "$U1/bench/setup?task=$task&count=1&firstAttempt=1" >/dev/null
  case $c in
    S1) sub_url="$U1/api/projects/$PROJECT/events" pub_url="$U1/bench/publish" ;;
    SX) sub_url="$U2/api/projects/$PROJECT/events" pub_url="$U1/bench/publish" ;;
    S3) curl -sf -X POST "$U2/bench/setup?task=$task&count=1&firstAttempt=2" >/dev/null
        curl -sf -X POST "$U3/bench/setup?task=$task&count=1&firstAttempt=3" >/dev/null
        sub_url="$BAL/api/projects/$PROJECT/events" pub_url="$BAL/bench/publish" ;;
  esac
  sub "$label" -u "$sub_url" -n "$STREAMS" -d $((PUB_SECONDS * 4 ))s --idle-exit 10s --event-type agent:failed --connect-timeout 60s
  echo "load average at go: $(cat /proc/loadavg)" >> "$OUT/$label.txt"
  local before; before=$(cluster_ticks); STEAL0=$(cpu_snapshot)
  "$JAVA" "$SSE_BENCH" pub -u "$pub_url" -r "$PUB_RATE" -d "${PUB_SECONDS}s" -c 8 > "$OUT/$label-pub.txt" 2>&1
  grep -h '^RESULT' "$OUT/$label-pub.txt" | sed "s/^/$label-pub /" >> "$OUT/results.txt"
  window_end "$label" "$before"
  stop_cluster
}

log_case() { # $1 = L1 or LX, $2 = round
  local c=$1 label="$1-$2" n=3 gate="$WORK/gate" ready="$WORK/agents-ready"
  [[ $c == L1 ]] && n=1
  LABEL=$label
  rm -rf "$gate" "$ready"; mkdir -p "$gate" "$ready" "$WORK/agent-bin"
  cp "$ROOT/bench/agent-lines.pl" "$WORK/agent-bin/"
  # agents only on instance A: B and C take no runs, so every line is printed on A
  start_cluster "$label" $n AGENT_RUNTIME=command AGENT_COMMAND="perl '$WORK/agent-bin/agent-lines.pl'" \
    AGENT_EXTRA_PATH="$WORK/agent-bin" AGENT_SANDBOX_BIND="$gate,$ready" \
    AGENT_ENV=BENCH_GO,BENCH_READY,BENCH_RATE,BENCH_SECONDS AGENT_MAX_CONCURRENT=$RUNS AGENT_MAX_CONCURRENT_PER_USER=$RUNS \
    AGENT_MAX_RETRIES=1 AGENT_BACKOFF_BASE_MS=0 AGENT_RUN_TIMEOUT_S=900 \
    BENCH_GO="$gate/go" BENCH_READY="$ready" BENCH_RATE=$RATE BENCH_SECONDS=$SECONDS_ \
    CLUSTER_OPTS_2=-Dinternvillage.agents.enabled=false CLUSTER_OPTS_3=-Dinternvillage.agents.enabled=false
  PROJECT=$(curl -sf -X POST "$U1/api/projects/demo" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  for i in $(seq 1 "$RUNS"); do new_task "$U1" "bench $i" >/dev/null; done
  for _ in $(seq 1 3000); do (( $(ls "$ready" | wc -l) >= RUNS )) && break; sleep 0.2; done
  # the streams follow the runs from their first line (the lines before go carry no time stamp and
  # are not measured): on A for L1, on B for LX
  local on=$U1; [[ $c == LX ]] && on=$U2
  curl -sf -X POST "$on/bench/runs?project=$PROJECT&count=$RUNS&local=false" >/dev/null
  sub "$label" -u "$on/bench/r/{i/10}/events" -n $((RUNS * 10)) -d 45s --idle-exit 3s --event-type agent:log --connect-timeout 60s
  echo "load average at go: $(cat /proc/loadavg)" >> "$OUT/$label.txt"
  local before; before=$(cluster_ticks); STEAL0=$(cpu_snapshot)
  touch "$gate/go"
  window_end "$label" "$before"
  stop_cluster
}

for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
  for c in "${CASES[@]}"; do
    case $c in
      S1|SX|S3) status_case "$c" "$round" ;;
      L1|LX) log_case "$c" "$round" ;;
      *) echo "unknown case $c" >&2; exit 1 ;;
    esac
  done
done
echo "results in $OUT/results.txt"
