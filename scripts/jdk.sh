# Sourced by ./pqrstuv, ./test and .ci/run: exports JAVA_HOME pointing at a JDK >= 25.
# Order: $JAVA_HOME, then the usual install locations. The machine's default `java`
# may well be 17, so it is only the last resort.

pqrstuv_jdk_major() { # sets pqrstuv_major to the feature version of the JDK at $1, or to ""
  local home=$1 line
  pqrstuv_major=
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  # The JDK's `release` file answers without starting a JVM (which costs ~0.3 s per candidate),
  # read with builtins only: every client command pays for this script.
  if [ -f "$home/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) line=${line#JAVA_VERSION=}; line=${line//\"/}; pqrstuv_major=${line%%[.+-]*}; return 0 ;;
      esac
    done <"$home/release"
  fi
  line=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | grep -m1 'java.specification.version') || return 0
  line=${line##*= }
  pqrstuv_major=${line%%.*}
}

pqrstuv_jdk_ok() { # sets JAVA_HOME to $1 and succeeds if it is a JDK >= 25
  pqrstuv_jdk_major "$1"
  if [ -n "$pqrstuv_major" ] && [ "$pqrstuv_major" -ge 25 ] 2>/dev/null; then
    export JAVA_HOME="$1"
    return 0
  fi
  return 1
}

pqrstuv_find_jdk() {
  local cand
  # First match wins, so the usual case ($JAVA_HOME set) costs one file read.
  [ -n "${JAVA_HOME:-}" ] && pqrstuv_jdk_ok "$JAVA_HOME" && return 0
  for cand in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$cand" ] && pqrstuv_jdk_ok "$cand" && return 0
  done
  if command -v javac >/dev/null 2>&1; then
    cand=$(readlink -f "$(command -v javac)")
    cand=${cand%/bin/javac}
    pqrstuv_jdk_ok "$cand" && return 0
  fi
  local want=25
  cat >&2 <<MSG
pqrstuv: no JDK ${want} or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*).
Install one, for example on Debian/Ubuntu:
    apt-get install temurin-25-jdk      # from the Adoptium repository
or download a JDK 25 build, unpack it and set JAVA_HOME to it.
MSG
  return 1
}
