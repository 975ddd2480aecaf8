#!/usr/bin/env bash
# Counts the syscalls that wear an SD card (fsync/fdatasync and the bytes of write/pwrite64) for
# BLOCKS appends of SIZE-reading blocks, one commit each, under strace.
# Usage: bench/store-syscalls.sh [BLOCKS=200] [SIZE=1000] [SUITE=ed25519-sha256]
# Needs strace (apt-get install strace). Store creation and JVM start-up are included; compare
# two runs with different BLOCKS to take them out (the script prints per-block differences).
set -euo pipefail
cd "$(dirname "$0")/.."
blocks=${1:-200}; size=${2:-1000}; suite=${3:-ed25519-sha256}
command -v strace >/dev/null || { echo "needs strace: apt-get install strace" >&2; exit 2; }
./bsn-edge --version >/dev/null   # builds on first use, outside the trace
count() {
  local n=$1 out
  out=$(mktemp)
  strace -f -qq -e trace=fsync,fdatasync,write,pwrite64 -o "$out" \
    ./bsn-edge bench --suites "$suite" --block-sizes "$size" --commits-only "$n" >/dev/null 2>&1
  local syncs bytes
  syncs=$(grep -cE ' (fsync|fdatasync)\(' "$out" || true)
  bytes=$(grep -E ' (write|pwrite64)\([0-9]+, ' "$out" | grep -v '(1, \|(2, ' | sed -E 's/.*= ([0-9]+)$/\1/' | grep -E '^[0-9]+$' | paste -sd+ | bc)
  rm -f "$out"
  echo "$syncs $bytes"
}
read -r s1 b1 < <(count "$blocks")
read -r s2 b2 < <(count $((blocks * 2)))
db=$((blocks)); ds=$((s2 - s1)); dw=$((b2 - b1))
echo "suite $suite, $size readings/block, difference between $blocks and $((blocks * 2)) appended blocks:"
awk -v ds="$ds" -v dw="$dw" -v db="$db" -v sz="$size" 'BEGIN {
  printf "  fsync+fdatasync per block: %.3f\n", ds / db;
  printf "  bytes written per block:   %.0f\n", dw / db;
  printf "  bytes written per reading: %.1f\n", dw / db / sz }'
