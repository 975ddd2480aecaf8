#!/usr/bin/env bash
# Soak the CoAP server and SenML decoder with malformed packs and datagrams: CoapFuzzTest with a
# larger count (CI runs 100,000). Each run picks a new seed; a failure prints it with the input.
# Usage: bench/coap-fuzz.sh [COUNT] [ROUNDS]     e.g.  bench/coap-fuzz.sh 2000000 5
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}; rounds=${2:-1}
for r in $(seq 1 "$rounds"); do
  echo "round $r: $count cases"
  COAP_FUZZ_COUNT=$count ./mvnw -q -B -o -pl agent -am test -Dtest=CoapFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
  grep -h "Tests run" agent/target/surefire-reports/cn.bsnedge.agent.coap.server.CoapFuzzTest.txt
done
