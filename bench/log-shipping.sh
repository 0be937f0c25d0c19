#!/usr/bin/env bash
# Shared copy of run logs: PostgreSQL table of chunks against files on a shared volume (see RESULTS.md,
# "Logs from any instance"). Runs bench/tools/log-shipping/LogShippingBench.java against a database of its
# own on the PostgreSQL server the tests use; the raw report lands in bench/out/<UTC time>/ (ignored by git).
# Usage: bench/log-shipping.sh            every part (about 3 minutes)
#        ONLY=tail bench/log-shipping.sh  one part: throughput, agent or tail; RUNS=100 RATE=20 for tail
#        BENCH_PG_URL=jdbc:postgresql://host:5432/postgres BENCH_PG_USER=iv BENCH_PG_PASSWORD=iv
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)}"
WORK="$ROOT/bench/target/log-shipping"
mkdir -p "$OUT" "$WORK"
source "$ROOT/bench/lib.sh"
JAVA="$(java_home)/bin/java"
# the PostgreSQL JDBC driver: BENCH_PG_JAR, else the newest in the local Maven repository (the build put the app's there)
PG_JAR="${BENCH_PG_JAR:-$(ls "${HOME}"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)}"
{
  echo "machine: $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -sr)"
  echo "postgres: $(psql --version 2>/dev/null || echo unknown)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$JAVA" -cp "$PG_JAR" "$ROOT/bench/tools/log-shipping/LogShippingBench.java" \
    "${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}" "${BENCH_PG_USER:-iv}" "${BENCH_PG_PASSWORD:-iv}" "$WORK"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$OUT/log-shipping.txt"
