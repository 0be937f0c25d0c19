# Shared by the bench scripts: source it. The functions below use the caller's JAVA, SSE_BENCH, WORK,
# OUT and SERVER_PID.

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

# The hypervisor's steal (this is a shared VM): cpu_snapshot when the measured window starts, then
# steal_since prints the share of the VM's CPU time taken by other tenants during the window.
cpu_snapshot() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }
steal_since() {
  local t0 s0 t1 s1; read -r t0 s0 <<< "$1"; read -r t1 s1 <<< "$(cpu_snapshot)"
  echo "steal %: $(( 100 * (s1 - s0) / ((t1 - t0) > 0 ? (t1 - t0) : 1) ))"
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
