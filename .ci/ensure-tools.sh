#!/usr/bin/env bash
# Makes sure the build's tools beside the JDK are there, installing what is missing with apt-get
# (as root, where apt works): Node.js and npm, which run api-tools/ (the OpenAPI lint, the driver
# of the docs page's browser test; its packages come from npm ci in the build), and Debian's
# chromium for that browser test. Exits non-zero when node or npm cannot be had; a chromium that
# cannot be installed only leaves DocsPageBrowserIT skipped, which says so.
set -uo pipefail

missing=()
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
[ -x /usr/bin/chromium ] || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "ensure-tools: installing ${missing[*]} with apt-get"
    if ! { apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null; }; then
      echo "ensure-tools: apt-get could not install ${missing[*]}" >&2
    fi
  else
    echo "ensure-tools: ${missing[*]} missing, and no apt-get as root to install them" >&2
  fi
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "ensure-tools: node and npm are needed by api-tools/ (see README.md, Prerequisites)" >&2
  exit 1
fi
echo "ensure-tools: node $(node --version), npm $(npm --version)"
if [ -x /usr/bin/chromium ]; then
  echo "ensure-tools: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
else
  echo "ensure-tools: no /usr/bin/chromium: DocsPageBrowserIT will be skipped" >&2
fi
