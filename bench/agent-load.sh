#!/usr/bin/env bash
# The agent under load: N simulated sensors at a fixed interval, run for a while under the field
# JVM settings, then CPU microseconds per reading, peak RSS and time to the first committed block.
# Usage: bench/agent-load.sh SENSORS INTERVAL SECONDS     e.g.  bench/agent-load.sh 50 1s 60
#                                                               bench/agent-load.sh 500 100ms 60
set -euo pipefail
cd "$(dirname "$0")/.."
sensors=${1:-50}; interval=${2:-1s}; seconds=${3:-60}
./bsn-edge --version >/dev/null 2>&1   # build first, outside the measurement
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  printf 'gateway:\n  id: 88.1001.31/GW-LOAD\n  dataDir: %s/data\nsealing:\n  maxReadings: 1000\n  maxAge: 60s\nclock:\n  source: kernel\nsensors:\n' "$work"
  for i in $(seq 1 "$sensors"); do
    printf '  - code: 88.1001.31/SIM-%05d\n    driver: simulated\n    interval: %s\n    options:\n      quantity: temperature\n      unit: Cel\n      base: 20\n      amplitude: 3\n      seed: %d\n' "$i" "$interval" "$i"
  done
} > "$work/gateway.yaml"
. .mvn/jdk25.sh; bsn_find_jdk25
# The field settings unless the caller sets others (e.g. to try JVM flags for RSS).
export BSN_EDGE_JAVA_OPTS="${BSN_EDGE_JAVA_OPTS:--Xmx32m -XX:+UseSerialGC}"
./bsn-edge run --config "$work/gateway.yaml" --duration "${seconds}s" > "$work/out.txt" 2>"$work/err.txt" &
launcher=$!
pid=""
for _ in $(seq 1 200); do
  pid=$(pgrep -f "cn.bsnedge.agent.cli.Main run --config $work/gateway.yaml" | head -n1 || true)
  [ -n "$pid" ] && break; sleep 0.05
done
[ -n "$pid" ] || { echo "agent did not start"; cat "$work/err.txt"; exit 1; }
# CPU is counted from the first committed block on (start-up, class loading and JIT warm-up
# excluded), against the readings committed after that block.
hz=$(getconf CLK_TCK); peak=0; cpu=0; cpu0=""; first_entries=0
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  th=$(awk "/^Threads/ {print \$2}" "/proc/$pid/status" 2>/dev/null || echo 0); [ "${th:-0}" -gt "${maxth:-0}" ] && maxth=$th
  [ "${rss:-0}" -gt "$peak" ] && peak=$rss
  t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo "$cpu"); cpu=${t:-$cpu}
  if [ -z "$cpu0" ] && grep -q "first block committed" "$work/out.txt"; then
    cpu0=$cpu
    first_entries=$(sed -nE 's/.*first block committed .*, ([0-9]+) readings\).*/\1/p' "$work/out.txt")
  fi
  sleep 0.5
done
wait "$launcher" || true
readings=$(sed -nE 's/.*stopped; ([0-9]+) readings sealed.*/\1/p' "$work/out.txt")
first=$(sed -nE 's/.*first block committed ([0-9]+) ms after start.*/\1/p' "$work/out.txt")
echo "sensors=$sensors interval=$interval run=${seconds}s readings=${readings:-0} ($BSN_EDGE_JAVA_OPTS)"
awk -v cpu="$cpu" -v cpu0="${cpu0:-0}" -v hz="$hz" -v n="${readings:-0}" -v n0="${first_entries:-0}" -v peak="$peak" -v maxth="${maxth:-0}" -v first="${first:-n/a}" 'BEGIN {
  steady = n - n0;
  printf "  CPU per reading after the first block: %.1f us (%.2f s CPU for %d readings)\n", (steady > 0 ? (cpu - cpu0) / hz * 1e6 / steady : 0), (cpu - cpu0) / hz, steady;
  printf "  CPU in all, JVM start-up included: %.2f s\n", cpu / hz;
  printf "  peak RSS (VmHWM): %.1f MB, peak threads: %d\n", peak / 1024, maxth;
  printf "  first block committed: %s ms after start\n", first }'
grep -v WARNING "$work/err.txt" | head -5 || true
