# Class-data sharing for the agent's JVM, sourced by both launchers (/usr/bin/bsn-edge and a
# checkout's ./bsn-edge).
#
# Why: the agent loads about 2,800 classes that are not in the JDK's own archive. Parsed, they
# sit in metaspace (16 MB at 50 sensors); dumped once into an archive and mapped from it, they
# cost about 6 MB less resident memory (docs/BENCHMARKS.md section 5). The archive must be made
# on the gateway: it is tied to the exact JVM build and to the jar's path and time stamp. So it
# is dumped from the class list that the build recorded (bsn-edge.classlist), in a few seconds,
# the first time `run` starts after an install or upgrade of the agent or of Java, by whoever
# may write the cache directory (the service's CacheDirectory). Anything missing or stale just
# means no archive: the agent runs the same, with more memory.

# bsn_class_archive JAVA JAR CLASSLIST ARCHIVE WRITE JVM_OPTIONS
#   Prints the JVM options that map ARCHIVE (nothing if there is no fresh one). With WRITE=yes,
#   dumps a missing or stale archive first, if CLASSLIST is readable and ARCHIVE's directory
#   writable. JVM_OPTIONS are the options the agent runs with; the dump uses them too, so the
#   archive's collector and heap layout match.
bsn_class_archive() {
  _java=$1 _jar=$2 _list=$3 _jsa=$4 _write=$5 _opts=$6
  _modules="$(dirname "$(dirname "$(readlink -f "$_java")")")/lib/modules"
  if ! _bsn_class_archive_fresh && [ "$_write" = yes ] && [ -r "$_list" ] && [ -w "$(dirname "$_jsa")" ]; then
    _tmp="$_jsa.$$.tmp"
    # shellcheck disable=SC2086 # the options are a list on purpose
    if "$_java" -Xshare:dump $_opts --enable-native-access=ALL-UNNAMED -XX:SharedClassListFile="$_list" \
         -XX:SharedArchiveFile="$_tmp" -cp "$_jar" >/dev/null 2>&1; then
      mv -f "$_tmp" "$_jsa" && _bsn_class_archive_key > "$_jsa.key"
    else
      rm -f "$_tmp"
      echo "bsn-edge: could not dump the class-data archive $_jsa; running without it (more memory)" >&2
    fi
  fi
  # -Xlog:cds/aot off: a mismatch the freshness test cannot see (a JVM replaced in place with
  # the same time stamps) must cost memory, not noise on stdout, where the JVM logs by default.
  if _bsn_class_archive_fresh; then
    printf '%s' "-XX:SharedArchiveFile=$_jsa -Xlog:cds=off -Xlog:aot=off"
  fi
}

# What the archive was dumped from: the jar, the class list, the JVM and the options. dpkg keeps
# a package's time stamps, so "newer than the jar" would call an archive fresh after an upgrade.
_bsn_class_archive_key() {
  stat -L -c '%n %s %Y' "$_jar" "$_list" "$_java" "$_modules" 2>/dev/null
  printf '%s\n' "$_opts"
}

_bsn_class_archive_fresh() {
  [ -f "$_jsa" ] && [ -f "$_jsa.key" ] && [ "$(_bsn_class_archive_key)" = "$(cat "$_jsa.key")" ]
}
