# Shared by the bench scripts: source it. The functions below use the caller's JAVA, SSE_BENCH, WORK,
# OUT, SERVER_PID and (warm_up_fanout) WARMUP.

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

stop_server() { if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; }

cpu_ticks() { awk '{print $14+$15}' "/proc/$SERVER_PID/stat"; }   # the server's user + system CPU
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
  "$JAVA" ${BENCH_CLIENT_OPTS:-} "$SSE_BENCH" sub --ready-file "$WORK/ready" --progress 5s "$@" > "$OUT/$label.txt" 2>&1 &
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
  "$JAVA" "$SSE_BENCH" sub -u "$2" -n 20 -d 5s > "$OUT/$1-churn.txt" 2>&1 &
}

# B's load, unmeasured, on the running server, so the JIT has compiled the fan-out path: 1,000 streams
# (20 more coming and going) and 100 events/s for WARMUP seconds, then one full collection. The same for
# the app and the floor. Usage: warm_up_fanout <label> <stream url> <publish url>
warm_up_fanout() {
  if (( ${BENCH_HOT_PUBLISH_S:-0} > 0 )); then # the publish path at 10x the rate, so its code is compiled
    sub "$1-hot" -u "$2" -n 10 -d $((BENCH_HOT_PUBLISH_S + 30))s --idle-exit 3s --event-type agent:failed
    "$JAVA" "$SSE_BENCH" pub -u "$3" -r 1000 -d "${BENCH_HOT_PUBLISH_S}s" -c 8 > "$OUT/$1-hot-pub.txt" 2>&1
    wait "$SUB_PID" || true
  fi
  sub "$1" -u "$2" -n 1000 -d $((WARMUP + 30))s --idle-exit 3s --event-type agent:failed
  churn "$1" "$2"
  "$JAVA" "$SSE_BENCH" pub -u "$3" -r 100 -d "${WARMUP}s" -c 8 > "$OUT/$1-pub.txt" 2>&1
  wait "$SUB_PID" || true
  settle_heap
}

# Ends a measured window once the subscribers are done: the server's CPU (and its ended agents' CPU)
# since the given ticks and the steal since STEAL0 go into the report, and with the RESULT line into
# results.txt. Usage: finish <cpu ticks at start> <label> [child ticks at start]
finish() {
  local before=$1
  wait "$SUB_PID" || true
  local after; after=$(cpu_ticks)
  awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "server CPU s: %.2f\n", t / hz }' >> "$OUT/$2.txt"
  # compiler threads that ended inside the window are not counted: a lower bound
  awk -v t=$(( $(jit_ticks) - JIT0 )) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "server JIT compiler CPU s: %.1f\n", t / hz }' >> "$OUT/$2.txt"
  if [[ -n "${3:-}" ]]; then
    awk -v t="$(($(child_ticks) - $3))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "agent processes CPU s: %.2f\n", t / hz }' >> "$OUT/$2.txt"
  fi
  steal_since "$STEAL0" >> "$OUT/$2.txt"
  grep -h '^RESULT' "$OUT/$2.txt" | sed "s/^/$2 /" >> "$OUT/results.txt"
  grep -h 'CPU s:\|steal %:' "$OUT/$2.txt" | sed "s/^/$2 /" >> "$OUT/results.txt"
}
