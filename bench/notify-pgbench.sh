#!/usr/bin/env bash
# PostgreSQL's own ceiling for the event signals, without the app: pgbench commits transactions that
# append one event to one of 100 logs (counter update + insert, like the app's event log), with and
# without a pg_notify in the same transaction, and with it sent after the commit in a transaction of its
# own (after), 8 clients, alternated. One session LISTENs meanwhile, as
# every app instance does. NOTIFY serialises the commits of all notifying transactions of the server on
# one queue lock; this shows what that costs when the logs do not already serialise them.
# Raw output lands in bench/out/ (BENCH_OUT), which git ignores.
# Usage: bench/notify-pgbench.sh     BENCH_ROUNDS=3 (default 2), BENCH_SECONDS=15, BENCH_CLIENTS=8
#        BENCH_PG=postgresql://iv:iv@127.0.0.1:5432/postgres  (a role that may CREATE DATABASE)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bench/out/notify-pgbench-$(date -u +%Y%m%dT%H%M%SZ)}"
PG="${BENCH_PG:-postgresql://iv:iv@127.0.0.1:5432/postgres}"
SECONDS_=${BENCH_SECONDS:-15} CLIENTS=${BENCH_CLIENTS:-8}
mkdir -p "$OUT"
DB="iv_bench_pgnotify_$(date +%s%N | tail -c 9)"
URL="${PG%/*}/$DB"
LISTENER=""
cleanup() {
  [[ -n $LISTENER ]] && kill "$LISTENER" 2>/dev/null || true
  psql -q "$PG" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql -q "$PG" -c "CREATE DATABASE $DB" >/dev/null
psql -q "$URL" <<'SQL'
CREATE TABLE counters (id int PRIMARY KEY, last_seq bigint NOT NULL);
INSERT INTO counters SELECT g, 0 FROM generate_series(1, 100) g;
CREATE TABLE events (id int, seq bigint, payload text, created_at timestamptz DEFAULT now(), PRIMARY KEY (id, seq));
SQL
cat > "$OUT/plain.sql" <<'SQL'
\set id random(1, 100)
BEGIN;
UPDATE counters SET last_seq = last_seq + 1 WHERE id = :id RETURNING last_seq \gset
INSERT INTO events (id, seq, payload) VALUES (:id, :last_seq, '{"type":"task:updated"}');
COMMIT;
SQL
cat > "$OUT/notify.sql" <<'SQL'
\set id random(1, 100)
BEGIN;
UPDATE counters SET last_seq = last_seq + 1 WHERE id = :id RETURNING last_seq \gset
INSERT INTO events (id, seq, payload) VALUES (:id, :last_seq, '{"type":"task:updated"}');
SELECT pg_notify('iv_events', 'p bench-instance ' || :id || ' ' || :last_seq);
COMMIT;
SQL
# the signal after the commit, in a transaction of its own (what a sender outside the event's transaction costs)
cat > "$OUT/after.sql" <<'SQL'
\set id random(1, 100)
BEGIN;
UPDATE counters SET last_seq = last_seq + 1 WHERE id = :id RETURNING last_seq \gset
INSERT INTO events (id, seq, payload) VALUES (:id, :last_seq, '{"type":"task:updated"}');
COMMIT;
SELECT pg_notify('iv_events', 'p bench-instance ' || :id || ' ' || :last_seq);
SQL
# a session listening, as each app instance's signal connection does
psql -q "$URL" -c "LISTEN iv_events" -c "SELECT pg_sleep(3600)" >/dev/null 2>&1 &
LISTENER=$!
for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
  for mode in plain notify after; do
    pgbench -n -c "$CLIENTS" -j 2 -T "$SECONDS_" -f "$OUT/$mode.sql" "$URL" > "$OUT/$mode$round.txt" 2>&1
    echo "$mode$round $(grep -E '^tps' "$OUT/$mode$round.txt") $(grep -E '^latency average' "$OUT/$mode$round.txt")" \
      | tee -a "$OUT/results.txt"
  done
done
echo "results in $OUT/results.txt"
