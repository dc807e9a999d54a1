# Sourced by ./elvis and ./test: finds a JDK 25 and keeps the build up to date.
# Order: JAVA_HOME when it is 25 or newer, then a JDK 25+ under /usr/lib/jvm.

elvis_java_major() {  # prints the feature version of the java at $1/bin/java, or nothing
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

elvis_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(elvis_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
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
  command -v mvn >/dev/null || { echo "elvis: Maven (mvn) is needed to build; install it, e.g. apt-get install maven" >&2; exit 1; }
}

# Rebuilds when any source or POM is newer than the last successful build.
elvis_build_if_needed() {
  local stamp="$ELVIS_HOME/target/.build-stamp"
  if [ -f "$stamp" ] && [ -z "$(find "$ELVIS_HOME" -path "$ELVIS_HOME/.git" -prune -o \
        \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  echo "elvis: building (first use or sources changed)..." >&2
  # Maven's quiet mode still prints colour resets; strip them.
  (cd "$ELVIS_HOME" && set -o pipefail && mvn -q -B -Dmaven.test.skip=true compile 2>&1 | sed 's/\x1b\[[0-9;]*m//g') >&2 \
    || { echo "elvis: build failed" >&2; exit 1; }
  mkdir -p "$ELVIS_HOME/target" && touch "$stamp"
}

# Blocking-API processes run on jdk.internal.vm.Continuation (see elvis.socket.ContinuationCoroutine).
ELVIS_JVM_FLAGS="--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"

elvis_classpath() {
  local cp="$ELVIS_HOME/elvis-core/target/classes:$ELVIS_HOME/elvis-cli/target/classes:$ELVIS_HOME/elvis-bench/target/classes"
  echo "$cp:$(cat "$ELVIS_HOME/elvis-cli/target/classpath.txt"):$(cat "$ELVIS_HOME/elvis-bench/target/classpath.txt")"
}
