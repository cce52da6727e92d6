#!/usr/bin/env bash
# Prints a JAVA_HOME of JDK 21 or newer: the current one if it is new enough, else the newest
# under /usr/lib/jvm. Exits non-zero when there is none.
set -uo pipefail

major() { # java-binary
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
  candidate=${candidate%/}
  [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
  version=$(major "$candidate/bin/java")
  if [ -n "$version" ] && [ "${version%%.*}" -ge 21 ]; then
    echo "$candidate"
    exit 0
  fi
done
echo "no JDK 21 or newer found: install one and set JAVA_HOME" >&2
exit 1
