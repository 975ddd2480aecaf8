#!/usr/bin/env bash
# SD-card wear of the running agent: N simulated sensors at a fixed interval under the field JVM
# settings for a while, then the bytes it sent to the block device per hour (/proc/PID/io
# write_bytes), the bytes it handed to write calls (wchar), its write calls and its log lines,
# counted from the first committed block on (store creation and start-up are reported apart).
# Usage: bench/disk-writes.sh SENSORS INTERVAL SECONDS [status-on-tmpfs]
#   bench/disk-writes.sh 50 1s 900                   # the status view in DATA/run, on disk
#   bench/disk-writes.sh 50 1s 900 status-on-tmpfs   # DATA/run -> a tmpfs, as the package does
# The data directory is made under ${TMPDIR:-/tmp}, which must be a disk file system (not tmpfs),
# or write_bytes stays 0. Not counted: the file system's own journal commits (ext4 jbd2) that
# each fdatasync triggers; see docs/BENCHMARKS.md for their estimate.
set -euo pipefail
cd "$(dirname "$0")/.."
sensors=${1:-50}; interval=${2:-1s}; seconds=${3:-900}; mode=${4:-status-on-disk}
./bsn-edge --version >/dev/null 2>&1   # build first, outside the measurement
work=$(mktemp -d)
shm=""
trap 'rm -rf "$work" ${shm:+"$shm"}' EXIT
{
  printf 'gateway:\n  id: 88.1001.31/GW-DISK\n  dataDir: %s/data\nsealing:\n  maxReadings: 1000\n  maxAge: 60s\nclock:\n  source: kernel\nsensors:\n' "$work"
  for i in $(seq 1 "$sensors"); do
    printf '  - code: 88.1001.31/SIM-%05d\n    driver: simulated\n    interval: %s\n    options:\n      quantity: temperature\n      unit: Cel\n      base: 20\n      amplitude: 3\n      seed: %d\n' "$i" "$interval" "$i"
  done
} > "$work/gateway.yaml"
if [ "$mode" = status-on-tmpfs ]; then
  shm=$(mktemp -d /dev/shm/bsn-edge-run.XXXX)
  mkdir -p "$work/data"; ln -s "$shm" "$work/data/run"   # what tmpfiles.d does with /run/bsn-edge
fi
. .mvn/jdk25.sh; bsn_find_jdk25
export BSN_EDGE_JAVA_OPTS="${BSN_EDGE_JAVA_OPTS:--Xmx32m -XX:+UseSerialGC -XX:-UsePerfData}"
./bsn-edge run --config "$work/gateway.yaml" --duration "${seconds}s" > "$work/out.txt" 2>"$work/err.txt" &
launcher=$!
pid=""
for _ in $(seq 1 200); do
  pid=$(pgrep -f "cn.bsnedge.agent.cli.Main run --config $work/gateway.yaml" | head -n1 || true)
  [ -n "$pid" ] && break; sleep 0.05
done
[ -n "$pid" ] || { echo "agent did not start"; cat "$work/err.txt"; exit 1; }
io() { awk '/^(wchar|syscw|write_bytes):/ {printf "%s ", $2}' "/proc/$pid/io" 2>/dev/null; }
lines() { cat "$work/out.txt" "$work/err.txt" | wc -l; }
t0=""; io0=""; last=""; lines0=0
while kill -0 "$pid" 2>/dev/null; do
  now=$(date +%s.%N); cur=$(io || true)
  [ -n "$cur" ] && last="$now $cur"
  if [ -z "$t0" ] && grep -q "first block committed" "$work/out.txt"; then
    t0=$now; io0=$cur; lines0=$(lines)
  fi
  sleep 1
done
wait "$launcher" || true
readings=$(sed -nE 's/.*stopped; ([0-9]+) readings sealed in ([0-9]+) blocks.*/\1 \2/p' "$work/out.txt")
echo "sensors=$sensors interval=$interval run=${seconds}s mode=$mode readings/blocks=${readings:-?} ($BSN_EDGE_JAVA_OPTS)"
read -r t1 wc1 sc1 wb1 <<<"$last"
read -r wc0 sc0 wb0 <<<"$io0"
awk -v t0="$t0" -v t1="$t1" -v wc0="$wc0" -v wc1="$wc1" -v sc0="$sc0" -v sc1="$sc1" -v wb0="$wb0" -v wb1="$wb1" \
    -v l="$(( $(lines) - lines0 ))" -v wbstart="$wb0" 'BEGIN {
  h = (t1 - t0) / 3600;
  printf "  steady state, %.1f min from the first committed block:\n", h * 60;
  printf "    block device (write_bytes): %.2f MB/hour\n", (wb1 - wb0) / h / 1e6;
  printf "    handed to write calls (wchar): %.2f MB/hour, %d write calls/hour\n", (wc1 - wc0) / h / 1e6, (sc1 - sc0) / h;
  printf "    log lines (what journald would get): %d in the window\n", l;
  printf "  start-up to the first block (store creation, registry, first block): %.2f MB to the block device\n", wbstart / 1e6 }'
