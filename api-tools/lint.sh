#!/usr/bin/env bash
# Lints OpenAPI documents with Redocly CLI under api-tools/redocly.yaml (recommended-strict: any
# finding fails). Usage: api-tools/lint.sh <document>...
set -euo pipefail
tools="$(cd "$(dirname "$0")" && pwd)"
bash "$tools/npm-ci.sh"
# REDOCLY_TELEMETRY=off: the build sends nothing anywhere; the CLI checks for no update either
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec node "$tools/node_modules/@redocly/cli/bin/cli.js" lint --config "$tools/redocly.yaml" \
  --format=stylish "$@"
