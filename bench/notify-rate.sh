#!/usr/bin/env bash
# How many committed transactions per second PostgreSQL takes when each also sends a NOTIFY, against
# the same transactions without one: the ceiling of cross-instance signals (see docs/scaling.md). Each
# transaction appends one row shaped like an event-log entry; with NOTIFY it also sends the signal the
# app sends per log and transaction (channel iv_events, "p <instance> <project> <head>"), and one
# session LISTENs on the channel and drains it the whole time, as every instance does. pgbench,
# -c 1/4/16 clients, BENCH_SECONDS (default 10) each, sides alternated; a fresh database, dropped after.
# Raw output in bench/out/<time>-notify/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)-notify}"
SECS=${BENCH_SECONDS:-10}
mkdir -p "$OUT"
export PGUSER=${PGUSER:-iv} PGPASSWORD=${PGPASSWORD:-iv} PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
db="iv_notify_bench_$$"
psql -q -d postgres -c "CREATE DATABASE $db"
listener=""
cleanup() {
  [[ -n "$listener" ]] && kill "$listener" 2>/dev/null || true
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
}
trap cleanup EXIT
psql -q -d "$db" -c "CREATE TABLE entries (id BIGSERIAL PRIMARY KEY, project UUID NOT NULL, body TEXT NOT NULL)"

cat > "$OUT/plain.sql" <<'EOF'
INSERT INTO entries (project, body) VALUES ('5d1e0b6f-0000-4000-8000-000000000001', '{"run_id":"77f2","status":"FAILED","changed_at":"2026-12-02T10:20:01.870887Z"}');
EOF
cat > "$OUT/notify.sql" <<'EOF'
BEGIN;
INSERT INTO entries (project, body) VALUES ('5d1e0b6f-0000-4000-8000-000000000001', '{"run_id":"77f2","status":"FAILED","changed_at":"2026-12-02T10:20:01.870887Z"}');
SELECT pg_notify('iv_events', 'p host-12345-0b6f1a2c 5d1e0b6f-0000-4000-8000-000000000001 ' || :client_id || random());
COMMIT;
EOF

# a session that listens the whole time and reads every notification (psql prints them after each
# command; a query every 10 ms keeps it reading), so the queue is drained as an instance drains it
( { echo "LISTEN iv_events;"; while :; do echo "SELECT 1;"; sleep 0.01; done; } | psql -q -d "$db" > /dev/null 2>&1 ) &
listener=$!

for clients in 1 4 16; do
  for side in plain notify; do
    echo "== $side, $clients clients, ${SECS}s, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/results.txt"
    pgbench -n -d "$db" -f "$OUT/$side.sql" -c "$clients" -j "$(( clients < 4 ? clients : 4 ))" -T "$SECS" > "$OUT/$side-$clients.txt" 2>&1
    grep -E 'tps = |latency average' "$OUT/$side-$clients.txt" | tee -a "$OUT/results.txt"
  done
done
psql -d "$db" -tAc "SELECT pg_notification_queue_usage()" | sed 's/^/queue usage at end: /' | tee -a "$OUT/results.txt"
echo "results in $OUT/results.txt"
