# Shared by the bench scripts: source it. The functions below use the caller's JAVA, SSE_BENCH, WORK,
# OUT, SERVER_PID, SERVER_PIDS (every process of the server: nginx's master and workers; default
# SERVER_PID) and (warm_up_fanout) WARMUP.

# A JDK 21 or newer: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
java_home() {
  if [[ -n "${JAVA_HOME:-}" ]] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    echo "$JAVA_HOME"; return
  fi
  for jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    if "$jdk/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then echo "${jdk%/}"; return; fi
  done
  echo "need JDK 21+" >&2; exit 1
}

# SseBench compiled once per invocation (SSE_BENCH, the source, into SSE_BENCH_CLASSES): run from its
# source, every client and publisher would compile it again, seconds of CPU inside a measured window.
compile_sse_bench() {
  SSE_BENCH_CLASSES="$WORK/sse-bench"
  rm -rf "$SSE_BENCH_CLASSES"
  "$(dirname "$JAVA")/javac" -d "$SSE_BENCH_CLASSES" "$SSE_BENCH"
}
sse_bench() { "$JAVA" -cp "$SSE_BENCH_CLASSES" SseBench "$@"; }

stop_server() { if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; }

# the server's user + system CPU, all its processes (not the agents it starts: child_ticks)
cpu_ticks() {
  local sum=0 p
  for p in ${SERVER_PIDS:-$SERVER_PID}; do sum=$(( sum + $(awk '{print $14+$15}' "/proc/$p/stat") )); done
  echo "$sum"
}
# The server's JIT compiler threads (C1 and C2): how much of its CPU in a window was compiling.
jit_ticks() {
  local sum=0 t
  for t in /proc/"$SERVER_PID"/task/*; do
    if grep -q '^C[12] CompilerThre' "$t/comm" 2>/dev/null; then
      sum=$(( sum + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "$t/stat" 2>/dev/null || echo 0) ))
    fi
  done
  echo "$sum"
}
child_ticks() { awk '{print $16+$17}' "/proc/$SERVER_PID/stat"; }   # its ended child processes (A/D agents)

# The hypervisor's steal (this is a shared VM): cpu_snapshot when the measured window starts, then
# steal_since prints the share of the VM's CPU time taken by other tenants during the window.
cpu_snapshot() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }
steal_since() {
  local t0 s0 t1 s1; read -r t0 s0 <<< "$1"; read -r t1 s1 <<< "$(cpu_snapshot)"
  awk -v s="$((s1 - s0))" -v t="$((t1 - t0))" 'BEGIN { printf "steal %%: %.3f\n", 100 * s / (t > 0 ? t : 1) }'
}

# Starts SseBench subscribers in the background (SUB_PID), report in $OUT/<label>.txt, and returns
# once they are all connected. Usage: sub <label> <SseBench sub args...>
sub() {
  local label=$1; shift
  rm -f "$WORK/ready"
  "$JAVA" ${BENCH_CLIENT_OPTS:-} -cp "$SSE_BENCH_CLASSES" SseBench sub --ready-file "$WORK/ready" --progress 5s "$@" > "$OUT/$label.txt" 2>&1 &
  SUB_PID=$!
  for _ in $(seq 1 600); do [[ -f "$WORK/ready" ]] && break; sleep 0.2; done
}

# After a warm-up: one full collection, so what lives as long as the server (Spring's beans, Tomcat's
# buffers, the open streams) sits in the old generation, as it would after minutes of running, instead
# of being copied by each young collection inside the measured window.
settle_heap() { "$(dirname "$JAVA")/jcmd" "$SERVER_PID" GC.run >/dev/null; }

# During a warm-up: 20 more streams that end after 5 s, while the load goes on. Streams come and go in
# real use; without this the first streams to end are the warm-up's own, at the start of the measured
# window, and the JIT throws away the write path's compiled code there (an uncommon trap on the close
# branch) and compiles it again inside the window. Usage: churn <label> <url template>
churn() {
  sse_bench sub -u "$2" -n 20 -d 5s > "$OUT/$1-churn.txt" 2>&1 &
}

# B's load, unmeasured, on the running server, so the JIT has compiled the fan-out path: 1,000 streams
# (20 more coming and going) and 100 events/s for WARMUP seconds, then (a JVM) one full collection. The
# same for every side. Usage: warm_up_fanout <label> <stream url> <publish url> [more pub args...]
warm_up_fanout() {
  local label=$1 stream=$2 publish=$3; shift 3
  if (( ${BENCH_HOT_PUBLISH_S:-0} > 0 )); then # the publish path at 10x the rate, so its code is compiled
    sub "$label-hot" -u "$stream" -n 10 -d $((BENCH_HOT_PUBLISH_S + 30))s --idle-exit 3s --event-type agent:failed
    sse_bench pub -u "$publish" -r 1000 -d "${BENCH_HOT_PUBLISH_S}s" -c 8 "$@" > "$OUT/$label-hot-pub.txt" 2>&1 || true
    wait "$SUB_PID" || true
  fi
  sub "$label" -u "$stream" -n 1000 -d $((WARMUP + 30))s --idle-exit 3s --event-type agent:failed
  churn "$label" "$stream"
  sse_bench pub -u "$publish" -r 100 -d "${WARMUP}s" -c 8 "$@" > "$OUT/$label-pub.txt" 2>&1 || true
  wait "$SUB_PID" || true
  if [[ -d /proc/$SERVER_PID/task ]] && grep -q java "/proc/$SERVER_PID/comm" 2>/dev/null; then settle_heap; fi
}

# The start of a measured window: the server's CPU, the JIT's, the steal and the load average now.
# Usage: window_start; ...; finish "$CPU0" <label> [child ticks at start]
window_start() { CPU0=$(cpu_ticks); STEAL0=$(cpu_snapshot); JIT0=$(jit_ticks); LOAD0=$(cut -d' ' -f1-3 /proc/loadavg); }

# Ends a measured window once the subscribers are done: the server's CPU (and its ended agents' CPU)
# since the given ticks, the steal since STEAL0 and the load average at both ends go into the report,
# and with the RESULT line into results.txt (one WINDOW line of the same figures for bench/summary.sh).
# Usage: finish <cpu ticks at start> <label> [child ticks at start]
finish() {
  local before=$1
  wait "$SUB_PID" || true
  local after; after=$(cpu_ticks)
  local load1; load1=$(cut -d' ' -f1-3 /proc/loadavg)
  awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "server CPU s: %.2f\n", t / hz }' >> "$OUT/$2.txt"
  # compiler threads that ended inside the window are not counted: a lower bound
  awk -v t=$(( $(jit_ticks) - JIT0 )) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "server JIT compiler CPU s: %.1f\n", t / hz }' >> "$OUT/$2.txt"
  if [[ -n "${3:-}" ]]; then
    awk -v t="$(($(child_ticks) - $3))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "agent processes CPU s: %.2f\n", t / hz }' >> "$OUT/$2.txt"
  fi
  steal_since "$STEAL0" >> "$OUT/$2.txt"
  echo "load average at start: ${LOAD0:-?}, at end: $load1" >> "$OUT/$2.txt"
  grep -h '^RESULT' "$OUT/$2.txt" | sed "s/^/$2 /" >> "$OUT/results.txt"
  grep -h 'CPU s:\|steal %:\|load average' "$OUT/$2.txt" | sed "s/^/$2 /" >> "$OUT/results.txt"
}
