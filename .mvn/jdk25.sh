# Sourced by ./mvnw and ./bsn-edge: finds a Java 25+ runtime so both commands work
# as written on machines whose default `java` is older (Debian 12 ships 17).
# Order: $JAVA_HOME if it is 25+, then `java` on PATH, then /usr/lib/jvm/*.
bsn_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1
}
bsn_find_jdk25() {
  local cand major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(bsn_java_major "$JAVA_HOME/bin/java")
    [ "${major:-0}" -ge 25 ] 2>/dev/null && return 0
  fi
  if command -v java >/dev/null 2>&1; then
    major=$(bsn_java_major java)
    if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
      cand=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
      export JAVA_HOME="$cand"; return 0
    fi
  fi
  for cand in /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -x "$cand/bin/java" ] || continue
    major=$(bsn_java_major "$cand/bin/java")
    if [ "${major:-0}" -ge 25 ] 2>/dev/null; then export JAVA_HOME="$cand"; return 0; fi
  done
  cat >&2 <<'MSG'
bsn-edge: no Java 25 found (checked $JAVA_HOME, `java` on PATH and /usr/lib/jvm/*).
  Debian / Raspberry Pi OS (trixie):  sudo apt-get install openjdk-25-jdk-headless
  (the gateway itself only needs openjdk-25-jre-headless)
  Or point JAVA_HOME at any JDK 25, e.g. export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
MSG
  return 1
}
