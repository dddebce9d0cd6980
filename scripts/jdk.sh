# Sourced by ./pqrstuv, ./test and .ci/run: exports JAVA_HOME pointing at a JDK >= 25.
# Order: $JAVA_HOME, then the usual install locations. The machine's default `java`
# may well be 17, so it is only the last resort.

pqrstuv_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  local home=$1 line
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  # The JDK's `release` file answers without starting a JVM (which costs ~0.3 s per candidate).
  if [ -f "$home/release" ]; then
    line=$(grep -m1 '^JAVA_VERSION=' "$home/release") && line=${line#JAVA_VERSION=} && line=${line//\"/}
    [ -n "$line" ] && { echo "${line%%[.+-]*}"; return 0; }
  fi
  line=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | grep -m1 'java.specification.version') || return 0
  echo "${line##*= }" | cut -d. -f1
}

pqrstuv_find_jdk() {
  local want=25 cand major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for cand in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$cand" ] && candidates+=("$cand")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for cand in "${candidates[@]}"; do
    major=$(pqrstuv_jdk_major "$cand")
    if [ -n "$major" ] && [ "$major" -ge "$want" ] 2>/dev/null; then
      export JAVA_HOME="$cand"
      return 0
    fi
  done
  cat >&2 <<MSG
pqrstuv: no JDK ${want} or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*).
Install one, for example on Debian/Ubuntu:
    apt-get install temurin-25-jdk      # from the Adoptium repository
or download a JDK 25 build, unpack it and set JAVA_HOME to it.
MSG
  return 1
}
