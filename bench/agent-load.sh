#!/usr/bin/env bash
# The agent under load: N simulated sensors at a fixed interval, under the field JVM settings.
# CPU is counted over a window after a warm-up (start-up, class loading and the JIT's first
# compilations excluded), per reading and per thread; then peak RSS and time to the first block.
#
# Usage: bench/agent-load.sh SENSORS INTERVAL SECONDS [WARMUP]
#   bench/agent-load.sh 50 1s 300 600        # 50 sensors x 1 Hz: measure minutes 10-15
#   bench/agent-load.sh 500 100ms 60 20      # 500 sensors x 10 Hz
# JVM options: $BSN_EDGE_JAVA_OPTS, else the launcher's field defaults (./bsn-edge).
set -euo pipefail
cd "$(dirname "$0")/.."
sensors=${1:-50}; interval=${2:-1s}; seconds=${3:-300}; warmup=${4:-60}
./bsn-edge --version >/dev/null 2>&1   # build first, outside the measurement
opts=${BSN_EDGE_JAVA_OPTS:-$(sed -nE 's/.*\$\{BSN_EDGE_JAVA_OPTS:-([^}]*)\}.*/\1/p' bsn-edge)}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
# A copy of the jar: a rebuild during a long run must not swap classes under the running JVM.
cp agent/target/bsn-edge.jar "$work/"
{
  printf 'gateway:\n  id: 88.1001.31/GW-LOAD\n  dataDir: %s/data\nsealing:\n  maxReadings: 1000\n  maxAge: 60s\nclock:\n  source: kernel\nsensors:\n' "$work"
  for i in $(seq 1 "$sensors"); do
    printf '  - code: 88.1001.31/SIM-%05d\n    driver: simulated\n    interval: %s\n    options:\n      quantity: temperature\n      unit: Cel\n      base: 20\n      amplitude: 3\n      seed: %d\n' "$i" "$interval" "$i"
  done
} > "$work/gateway.yaml"
. .mvn/jdk25.sh; bsn_find_jdk25
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" # as both launchers set it
set -f # the options hold method patterns with '*': words, not globs
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $opts -cp "$work/bsn-edge.jar" \
  cn.bsnedge.agent.cli.Main run --config "$work/gateway.yaml" --duration "$((warmup + seconds + 5))s" \
  > "$work/out.txt" 2> "$work/err.txt" &
pid=$!
set +f
threads() { for t in /proc/"$pid"/task/*; do printf '%s\t%s\n' "$(cat "$t/comm")" "$(awk '{print $14 + $15}' "$t/stat")"; done 2>/dev/null; }
sleep "$warmup"
threads > "$work/t0"; cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
sleep "$seconds"
threads > "$work/t1"; cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
wait "$pid" || true
hz=$(getconf CLK_TCK)
per_s=$(awk -v i="$interval" 'BEGIN { if (i ~ /ms$/) print 1000 / substr(i, 1, length(i) - 2); else if (i ~ /s$/) print 1 / substr(i, 1, length(i) - 1); }')
readings=$(awk -v n="$sensors" -v r="$per_s" -v s="$seconds" 'BEGIN { printf "%d", n * r * s }')
first=$(sed -nE 's/.*first block committed ([0-9]+) ms after start.*/\1/p' "$work/out.txt")
echo "sensors=$sensors interval=$interval window=${seconds}s after ${warmup}s ($opts)"
awk -v a="$cpu0" -v b="$cpu1" -v hz="$hz" -v n="$readings" -v hwm="$hwm" -v first="${first:-n/a}" 'BEGIN {
  printf "  CPU per reading: %.1f us (%.2f s CPU for %d readings due)\n", (b - a) / hz * 1e6 / n, (b - a) / hz, n;
  printf "  peak RSS (VmHWM): %.1f MB\n  first block committed: %s ms after start\n", hwm / 1024, first }'
echo "  CPU by thread in the window (ticks of 1/$hz s):"
# Thread names may hold spaces ("C2 CompilerThread0"): join on the tab-separated name.
awk -F'\t' 'NR == FNR { a[$1] += $2; next } { b[$1] += $2 } END { for (k in b) if (b[k] - a[k] > 0) printf "    %5d  %s\n", b[k] - a[k], k }' \
  "$work/t0" "$work/t1" | sort -rn | head -12
grep -v WARNING "$work/err.txt" | grep -v "clock is" | head -5 || true
