# Sourced by ./elvis and ./test: finds a JDK 25, keeps the build and the start-up cache up to date.
# Order: JAVA_HOME when it is 25 or newer, then a JDK 25+ under /usr/lib/jvm.
# Every call of ./elvis pays for what runs here before the JVM, so it starts no JVM and forks little:
# the JDK's version comes from its release file, staleness from a find over src/main and bash's -nt.

elvis_release_value() {  # prints the value of KEY ($2) in the JDK release file at $1/release, unquoted
  local line
  [ -r "$1/release" ] || return 1
  while IFS= read -r line; do
    case $line in "$2="*) line=${line#*=}; echo "${line//\"/}"; return 0 ;; esac
  done < "$1/release"
  return 1
}

elvis_java_major() {  # prints the feature version of the JDK at $1, or nothing
  local version
  if version=$(elvis_release_value "$1" JAVA_VERSION); then
    echo "${version%%[.+-]*}"
  else  # no release file: ask the JVM (about 50 ms)
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
  fi
}

elvis_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(elvis_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  cat >&2 <<'MSG'
elvis: no JDK 25 found.
  Elvis needs Java 25 or newer (javac included). Either set JAVA_HOME to one, or install one, e.g.
    Debian/Ubuntu (Adoptium repository): apt-get install temurin-25-jdk
    or unpack a JDK 25 under /usr/lib/jvm/
MSG
  return 1
}

elvis_setup() {
  ELVIS_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  JAVA_HOME=$(elvis_find_jdk) || exit 1
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
}

elvis_need_maven() {
  command -v mvn >/dev/null || { echo "elvis: Maven (mvn) is needed to build; install it, e.g. apt-get install maven" >&2; exit 1; }
}

# The launcher runs from the modules' jars plus the third-party jars each module lists in classpath.txt.
ELVIS_CORE_JAR=elvis-core/target/elvis-core.jar
ELVIS_WEB_JAR=elvis-web/target/elvis-web.jar
ELVIS_LIVE_JAR=elvis-live/target/elvis-live.jar
ELVIS_MPI_JAR=elvis-mpi/target/elvis-mpi.jar
ELVIS_CLI_JAR=elvis-cli/target/elvis-cli.jar
ELVIS_BENCH_JAR=elvis-bench/target/elvis-bench.jar

# Rebuilds (mvn package, tests skipped) when a jar is missing or a POM or anything under a module's
# src/main is newer than the last successful build's start. find looks at src/main only (under two
# hundred files, about 2 ms), never at target/ or .git; a deleted or renamed source shows as a newer
# directory. Maven then recompiles the modules that changed and rewrites only the jars whose classes
# changed (an unchanged jar keeps its time, so the start-up cache stays fresh).
elvis_build_is_fresh() {
  local stamp="$ELVIS_HOME/target/.build-stamp" jar
  [ -f "$stamp" ] || return 1
  for jar in "$ELVIS_CORE_JAR" "$ELVIS_WEB_JAR" "$ELVIS_LIVE_JAR" "$ELVIS_MPI_JAR" "$ELVIS_CLI_JAR" "$ELVIS_BENCH_JAR"; do [ -f "$ELVIS_HOME/$jar" ] || return 1; done
  [ -z "$(find "$ELVIS_HOME/pom.xml" "$ELVIS_HOME"/elvis-*/pom.xml "$ELVIS_HOME"/elvis-*/src/main \
        -newer "$stamp" -print -quit 2>/dev/null)" ]
}

elvis_build_if_needed() {
  local stamp="$ELVIS_HOME/target/.build-stamp"
  elvis_build_is_fresh && return 0
  elvis_need_maven
  mkdir -p "$ELVIS_HOME/target"
  # Launchers started together (the ranks of mpirun -np K ./elvis) build once: the others wait for
  # the lock, then find the build fresh.
  if command -v flock >/dev/null; then
    exec 9>"$ELVIS_HOME/target/.build-lock"
    flock 9
    if elvis_build_is_fresh; then exec 9>&-; return 0; fi
  fi
  echo "elvis: building (first use or sources changed)..." >&2
  # Stamped with the build's start, so that a source saved while Maven runs makes the next run build.
  touch "$stamp.$$"
  # Maven's quiet mode still prints colour resets; strip them.
  (cd "$ELVIS_HOME" && set -o pipefail && mvn -q -B -Dmaven.test.skip=true package 2>&1 | sed 's/\x1b\[[0-9;]*m//g') >&2 \
    || { rm -f "$stamp.$$"; echo "elvis: build failed" >&2; exit 1; }
  mv -f "$stamp.$$" "$stamp"
  exec 9>&-
}

# Blocking-API processes run on jdk.internal.vm.Continuation (see elvis.socket.ContinuationCoroutine);
# elvis-live calls open/ioctl/read/write and elvis-mpi libmpi through FFM, which needs native access granted.
ELVIS_JVM_FLAGS="--add-exports java.base/jdk.internal.vm=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
# The JVM options of runs unless ELVIS_JAVA_OPTS replaces them; the start-up cache is trained with these.
ELVIS_DEFAULT_JAVA_OPTS="-XX:+UseParallelGC"

elvis_classpath() {  # the command line's classpath: jars only, which the AOT cache requires
  local deps
  read -r deps < "$ELVIS_HOME/elvis-cli/target/classpath.txt" || true
  echo "$ELVIS_HOME/$ELVIS_CLI_JAR:$ELVIS_HOME/$ELVIS_LIVE_JAR:$ELVIS_HOME/$ELVIS_MPI_JAR:$ELVIS_HOME/$ELVIS_WEB_JAR:$ELVIS_HOME/$ELVIS_CORE_JAR${deps:+:$deps}"
}

elvis_bench_classpath() {  # JMH's: the benchmarks, the core and JMH
  local deps
  read -r deps < "$ELVIS_HOME/elvis-bench/target/classpath.txt" || true
  echo "$ELVIS_HOME/$ELVIS_BENCH_JAR:$ELVIS_HOME/$ELVIS_CORE_JAR${deps:+:$deps}"
}

# The start-up cache: a JDK AOT cache (JEP 483; a CDS archive) of the classes a run loads, already
# parsed and verified. Made by one training run (elvis.cli.AotTraining, about 3 s) the first time ./elvis runs
# after a build, in a temporary directory, and used by every run after.
#
# It is fresh when its key file matches and is newer than the jars it holds classes of. The key
# names the JDK (path and exact build), the JVM flags and the classpath (which names every
# third-party jar with its version). That is a few stats and one read, no JVM. The launcher checks
# this itself because JDK 25.0.3 does not reject a cache whose jars changed (JDK-8377932, fixed in
# 25.0.4): a stale cache would run the old classes. When the cache cannot be made or used the run
# goes on without it; the JVM's complaints about an unusable cache are silenced
# (-Xlog:aot*=off -Xlog:cds*=off), since it then simply loads classes from the jars.
# ELVIS_AOT=0 runs without the cache (to compare, or to debug).
#
# The cache holds classes only, no method profiles (JEP 515): the training run's small profiles made
# the JIT compile a long run's hot paths early and worse (cold tcp-bulk transfer about 8% slower) and
# made hello.ndl start slower too. Nor does it link classes ahead of time (-XX:-AOTClassLinking):
# that starts hello.ndl 0.05 s sooner but loads every class the training used into every run, and
# warm TCP transfers ran about 2% slower (pooled over six sittings), likely because the JIT then
# sees more subclasses. A JDK without the diagnostic flag fails the training, and runs go on
# without a cache.
ELVIS_AOT_TRAINING_FLAGS="-XX:-AOTClassLinking -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining"

# Sets ELVIS_AOT_FLAGS to the flags that use the cache, or to nothing.
elvis_aot_cache() {
  local cp=$1 cache="$ELVIS_HOME/target/elvis.aot" key stored="" jar
  ELVIS_AOT_FLAGS=
  [ "${ELVIS_AOT:-1}" != 0 ] || return 0
  key="java=$JAVA_HOME $(elvis_release_value "$JAVA_HOME" JAVA_RUNTIME_VERSION) flags=$ELVIS_JVM_FLAGS $ELVIS_DEFAULT_JAVA_OPTS $ELVIS_AOT_TRAINING_FLAGS cp=$cp"
  [ -f "$cache.key" ] && { read -r stored < "$cache.key" || true; }
  local fresh=
  if [ "$stored" = "$key" ]; then
    fresh=1
    for jar in "$ELVIS_CORE_JAR" "$ELVIS_WEB_JAR" "$ELVIS_LIVE_JAR" "$ELVIS_MPI_JAR" "$ELVIS_CLI_JAR"; do [ "$cache.key" -nt "$ELVIS_HOME/$jar" ] || fresh=; done
  fi
  if [ -z "$fresh" ]; then
    rm -f "$cache" "$cache.key"
    # The key is written even when training failed (no cache then), so that a failure is not retried
    # on every run, only once the jars or the JDK change.
    elvis_aot_train "$cp" "$cache" &&
      mkdir -p "$ELVIS_HOME/target" && echo "$key" > "$cache.key.$$" && mv -f "$cache.key.$$" "$cache.key"
  fi
  [ -f "$cache" ] && ELVIS_AOT_FLAGS="-XX:AOTCache=$cache -Xlog:aot*=off -Xlog:cds*=off"
  return 0
}

# Trains in a temporary directory and moves the cache into place, or leaves none. Fails only when
# the jars changed while it trained (so the next run trains again).
elvis_aot_train() {
  local cp=$1 cache=$2 dir jar
  dir=$(mktemp -d "${TMPDIR:-/tmp}/elvis-aot.XXXXXX") || return 0
  echo "elvis: training the start-up cache (once per build, a few seconds)..." >&2
  touch "$dir/start"
  if (cd "$dir" && java $ELVIS_JVM_FLAGS $ELVIS_DEFAULT_JAVA_OPTS $ELVIS_AOT_TRAINING_FLAGS -XX:AOTCacheOutput="$dir/elvis.aot" \
        -cp "$cp" elvis.cli.AotTraining "$ELVIS_HOME/examples" </dev/null >"$dir/log" 2>&1) && [ -s "$dir/elvis.aot" ]; then
    for jar in "$ELVIS_CORE_JAR" "$ELVIS_WEB_JAR" "$ELVIS_LIVE_JAR" "$ELVIS_MPI_JAR" "$ELVIS_CLI_JAR"; do  # rebuilt while training: the cache holds the old classes
      [ "$dir/start" -nt "$ELVIS_HOME/$jar" ] || { rm -rf "$dir"; return 1; }
    done
    mkdir -p "$ELVIS_HOME/target" && mv -f "$dir/elvis.aot" "$cache"
  else
    echo "elvis: could not make the start-up cache; running without it. The JVM said:" >&2
    grep -v '\[warning\]\[aot\] Skipping' "$dir/log" | tail -n 5 >&2
  fi
  rm -rf "$dir"
}
