#!/usr/bin/env bash
# bsn-node launcher for a source checkout (./bsn-node.sh: the name bsn-node is the module directory): finds Java 25, builds the city node on first use
# (or when sources changed), then runs its CLI. See docs/NODE.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/.mvn/jdk25.sh"
bsn_find_jdk25 || exit 2
jar="$here/bsn-node/target/bsn-node.jar"
stamp="$here/bsn-node/target/.bsn-node-built"
stale=0
if [ ! -f "$jar" ] || [ ! -f "$stamp" ]; then
  stale=1
elif [ -n "$(find "$here/pom.xml" "$here/ledger-lite" "$here/bsn-node" \
        \( -name target -prune \) -o \( -newer "$stamp" \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' \) -print \) 2>/dev/null | head -n1)" ]; then
  stale=1
fi
if [ "$stale" = 1 ]; then
  echo "bsn-node: building (first run, or sources changed; takes a minute)..." >&2
  rm -rf "$here/bsn-node/target/lib"  # no jars left over from an older dependency set
  (cd "$here" && ./mvnw -q -B -DskipTests -pl bsn-node -am package >&2) || {
    echo "bsn-node: build failed; run ./mvnw -pl bsn-node -am package to see why" >&2; exit 2; }
  touch "$stamp"
fi
# Guice and Netty (inside the embedded broker) still touch sun.misc.Unsafe: allow it without warnings.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  ${BSN_NODE_JAVA_OPTS:--Xmx512m} -cp "$jar:$here/bsn-node/target/lib/*" cn.bsnedge.node.cli.Main "$@"
