#!/bin/bash
# Context switches per second of a JVM's threads, grouped by thread name, over a window (see RESULTS.md).
# Usage: bench/ctxsw.sh <pid> <seconds>
PID=$1; S=$2; TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
snap() { for t in /proc/$PID/task/*; do n=$(cat $t/comm 2>/dev/null | sed -E 's/[-#0-9]+$//; s/-[0-9]+-.*//'); v=$(awk '/^voluntary_ctxt_switches/{print $2}' $t/status 2>/dev/null); nv=$(awk '/^nonvoluntary_ctxt_switches/{print $2}' $t/status 2>/dev/null); echo "$(basename $t) $n $v $nv"; done; }
snap > "$TMP/a"; sleep $S; snap > "$TMP/b"
join <(sort "$TMP/a") <(sort "$TMP/b") | awk -v s=$S '{name=$2; dv=$6-$3; dn=$7-$4; V[name]+=dv; N[name]+=dn} END {for (k in V) printf "%-28s voluntary/s=%8.0f involuntary/s=%8.0f\n", k, V[k]/s, N[k]/s}' | sort -t= -k2 -nr | head -15
