#!/usr/bin/env bash
# Installs api-tools' npm packages (package-lock.json, `npm ci`) unless node_modules already holds
# exactly that lock: the Maven build of each service calls it, and only the first does the work.
# Needs the machine's node (20.19 or newer) and npm; packages come from the npm registry.
set -euo pipefail
cd "$(dirname "$0")"

stamp=node_modules/.nis-package-lock.json
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "api-tools: npm is not installed (see README.md, Prerequisites)" >&2
  exit 1
fi
# flock: two builds in this checkout at once must not install over each other
exec 9>"${TMPDIR:-/tmp}/nis-api-tools-$(id -u).lock"
flock 9
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
