#!/usr/bin/env bash
# SenML readings per second accepted over DTLS-PSK from a local client, and the gateway's CPU
# per reading (docs/BENCHMARKS.md, "CoAP ingestion"). The client runs in a JVM of its own.
# Usage: bench/coap-load.sh [SECONDS] [RECORDS_PER_PACK] [REQUESTS_IN_FLIGHT]   e.g.  bench/coap-load.sh 20 10 16
set -euo pipefail
cd "$(dirname "$0")/.."
COAP_BENCH=1 COAP_BENCH_SECONDS=${1:-20} COAP_BENCH_RECORDS=${2:-10} COAP_BENCH_WINDOW=${3:-16} \
  ./mvnw -q -B -o -pl agent -am test -Dtest=CoapLoadBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsurefire.redirectTestOutputToFile=false 2>&1 | grep COAP-BENCH
