#!/usr/bin/env bash
# Makes sure promtool (Prometheus' rule and exposition checker) is on the PATH, installing
# Debian's `prometheus` package when it is missing. Only the tool is wanted: the package's
# daemon must not start, so while apt installs it a policy-rc.d forbids starting services
# (Debian's mechanism, invoke-rc.d(8); Docker's Debian images ship the same file). Exits
# non-zero, saying why, when promtool cannot be had.
set -euo pipefail

if command -v promtool >/dev/null; then
  echo "ensure-promtool: $(promtool --version 2>&1 | head -n 1)"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "ensure-promtool: promtool is missing and cannot be installed here (needs root and apt-get);" \
    "install Debian's prometheus package" >&2
  exit 1
fi

policy=/usr/sbin/policy-rc.d
added_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# ensure-promtool.sh: no service starts while prometheus is installed\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  added_policy=true
fi
cleanup() { if $added_policy; then rm -f "$policy"; fi; }
trap cleanup EXIT

echo "ensure-promtool: installing Debian's prometheus package (for promtool)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
command -v promtool >/dev/null || {
  echo "ensure-promtool: the prometheus package installed no promtool" >&2
  exit 1
}
echo "ensure-promtool: $(promtool --version 2>&1 | head -n 1)"
