# Sourced by ./mvnw and ./reel: prints the home of a JDK whose major version is >= 25.
reel_jdk_major() {  # $1 = JDK home; prints its major version or nothing
  local rel="$1/release"
  [ -x "$1/bin/java" ] || return 1
  if [ -f "$rel" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
  fi
}
reel_find_jdk() {
  local c m candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /opt/*jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    m="$(reel_jdk_major "$c" 2>/dev/null || true)"
    if [ -n "$m" ] && [ "$m" -ge 25 ]; then echo "$c"; return 0; fi
  done
  return 1
}
