#!/usr/bin/env bash
# The table of one sitting of bench/run.sh, from its results.txt, as Markdown: one row per measured
# run (case, round, side), the memory rows of E below. Needs jq.
# Usage: bench/summary.sh bench/out/<folder>
set -euo pipefail
R="${1:?usage: bench/summary.sh <raw output folder of bench/run.sh>}/results.txt"
command -v jq >/dev/null || { echo "bench/summary.sh needs jq (apt-get install jq)" >&2; exit 1; }
field() { grep -F "$1 $2" "$R" | head -1 | sed -E "s/^.*$2 *//"; }   # <label> <line prefix>

echo "| run | events/s | events per stream | p50 ms | p99 ms | p99.9 ms | max ms | last ~2 s: p99 / p99.9 / max ms | accepted: 1,000 / all s | server CPU s | steal % | load avg start → end |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
grep -E '^[A-E][0-9]+-[a-z]+ RESULT ' "$R" | while read -r label _ json; do
  jq -r --arg l "$label" --arg cpu "$(field "$label" 'server CPU s:')" --arg steal "$(field "$label" 'steal %:')" \
    --arg load "$(field "$label" 'load average at start:' | sed 's/, at end: / → /')" '
    def f: if . == null then "–" elif . >= 100 then (. | round | tostring) else ((. * 100 | round) / 100 | tostring) end;
    "| \($l) | \(.events_per_s | f) | \(.per_sub_min)–\(.per_sub_max) | \(.latency.p50_ms | f) | \(.latency.p99_ms | f) | \(.latency.p999_ms | f) | \(.latency.max_ms | f) | \(.tail.p99_ms | f) / \(.tail.p999_ms | f) / \(.tail.max_ms | f) | \(.accept_1000_s | f) / \(.accept_last_s | f) (\(.accepted) of \(.subscribers)) | \($cpu) | \($steal) | \($load) |"' <<< "$json"
done

if grep -q ' MEM ' "$R"; then
  echo
  echo "| idle streams | streams | RSS before → open MB | RSS per stream KB | heap per stream KB |"
  echo "|---|---|---|---|---|"
  grep ' MEM ' "$R" | while read -r label _ _ before _ open; do
    streams=$(grep -E "^$label RESULT " "$R" | sed 's/^[^{]*//' | jq '.connected')
    jq -rn --arg l "$label" --argjson b "$before" --argjson o "$open" --argjson n "$streams" '
      def r1: (. * 10 | round) / 10;
      "| \($l) | \($n) | \($b.rss_kb / 1024 | r1) → \($o.rss_kb / 1024 | r1) | \(($o.rss_kb - $b.rss_kb) / $n | r1) | \(if $b.heap_used_bytes then (($o.heap_used_bytes - $b.heap_used_bytes) / 1024 / $n | r1) else "–" end) |"'
  done
fi
