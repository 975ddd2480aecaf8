#!/usr/bin/env bash
# Where the agent's CPU goes: perf samples of 50 simulated sensors x 1 Hz, by thread and by
# method, with Java frames named (-XX:+PreserveFramePointer, `jcmd Compiler.perfmap`).
# perf itself costs CPU: compare profiles with each other, and take per-reading figures from
# bench/agent-load.sh.
#
# Usage: bench/agent-profile.sh [WARMUP [SECONDS]]      (default 300 300: minutes 5-10)
# JVM options: $BSN_EDGE_JAVA_OPTS, else the launcher's field defaults (./bsn-edge).
# Needs perf (linux-perf) and a kernel.perf_event_paranoid that lets you attach (<= 1, or root).
set -euo pipefail
cd "$(dirname "$0")/.."
warmup=${1:-300}; seconds=${2:-300}
command -v perf >/dev/null || { echo "agent-profile: needs perf (apt-get install linux-perf)" >&2; exit 2; }
./bsn-edge --version >/dev/null 2>&1
opts=${BSN_EDGE_JAVA_OPTS:-$(sed -nE 's/.*\$\{BSN_EDGE_JAVA_OPTS:-([^}]*)\}.*/\1/p' bsn-edge)}
work=$(mktemp -d)
# The JIT's symbol map too: a report cut short by head (SIGPIPE under pipefail) ends the script early.
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work" "/tmp/perf-$pid.map"' EXIT
cp agent/target/bsn-edge.jar "$work/"
{
  printf 'gateway:\n  id: 88.1001.31/GW-LOAD\n  dataDir: %s/data\nsealing:\n  maxReadings: 1000\n  maxAge: 60s\nclock:\n  source: kernel\nsensors:\n' "$work"
  for i in $(seq 1 50); do
    printf '  - code: 88.1001.31/SIM-%05d\n    driver: simulated\n    interval: 1s\n    options:\n      quantity: temperature\n      unit: Cel\n      base: 20\n      amplitude: 3\n      seed: %d\n' "$i" "$i"
  done
} > "$work/gateway.yaml"
. .mvn/jdk25.sh; bsn_find_jdk25
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" # as both launchers set it
set -f # the options hold method patterns with '*': words, not globs
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $opts -XX:+PreserveFramePointer -cp "$work/bsn-edge.jar" \
  cn.bsnedge.agent.cli.Main run --config "$work/gateway.yaml" --duration "$((warmup + seconds + 30))s" \
  > "$work/out.txt" 2> "$work/err.txt" &
pid=$!
set +f
sleep "$warmup"
cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
perf record -q -e cpu-clock -F 1999 -g -p "$pid" -o "$work/perf.data" -- sleep "$seconds" 2>/dev/null
cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
"$JAVA_HOME/bin/jcmd" "$pid" Compiler.perfmap >/dev/null   # writes /tmp/perf-PID.map, which perf report reads
echo "50 sensors x 1 Hz, perf attached for ${seconds}s after ${warmup}s ($opts)"
awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v s="$seconds" \
  'BEGIN { printf "  CPU per reading, perf attached: %.1f us\n", t / hz * 1e6 / (50 * s) }'
echo "  samples by thread and code (JIT = compiled Java, libjvm = the VM, kernel = syscalls and switches):"
perf report -i "$work/perf.data" --no-children --sort comm,dso -g none --stdio 2>/dev/null | grep '%' | head -20
echo "  top symbols ('Interpreter' = Java not yet compiled):"
perf report -i "$work/perf.data" --no-children --sort comm,sym -g none --stdio 2>/dev/null | grep '%' | head -25
