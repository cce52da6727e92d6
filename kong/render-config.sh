#!/bin/sh
# Renders Kong's declarative configuration: kong/render-config.sh IN OUT
#   - the consumer's key from NIS_API_KEY in place of the {vault://env/nis-api-key} marker;
#   - each upstream's canary target from <SERVICE>_CANARY_WEIGHT (0-100; 0 or unset: none): the
#     stable target keeps 100 - W and the canary's, named by the {canary-target:HOST:PORT}
#     marker, gets W (README.md, "Canary releases").
#
# Why not leave {vault://env/nis-api-key} to Kong's env vault: the key of a keyauth
# credential is not a referenceable field (Kong support note "Key-Auth on Consumer isn't
# working with Vault secrets"); Kong would take the reference text as the literal key.
# So the reference is only the template's marker, replaced here before Kong reads it.
set -eu
in=$1
out=$2
: "${NIS_API_KEY:?NIS_API_KEY must be set}"
case "$NIS_API_KEY" in
  *[!A-Za-z0-9._~-]*) echo "NIS_API_KEY may only hold A-Z a-z 0-9 . _ ~ -" >&2; exit 1 ;;
esac
if [ "$NIS_API_KEY" = "change-me" ]; then
  echo "NIS_API_KEY is still the .env.example placeholder" >&2; exit 1
fi

# $1: the variable's name; prints its value, a whole number 0-100 (unset or empty: 0)
weight() {
  eval "value=\${$1:-0}"
  case "$value" in
    ''|*[!0-9]*) echo "$1 must be a whole number from 0 to 100, not '$value'" >&2; exit 1 ;;
  esac
  if [ "$value" -gt 100 ]; then
    echo "$1 must be a whole number from 0 to 100, not '$value'" >&2; exit 1
  fi
  echo "$((value + 0))"
}
courses=$(weight COURSES_CANARY_WEIGHT)
students=$(weight STUDENTS_CANARY_WEIGHT)

# $1: the canary's compose service, $2: its weight. A sed program for its marker line: the
# stable weight, then (W > 0) the canary's target entry, at the indentation of kong.yml's targets.
# (\n in the replacement: GNU sed, as in the kong image and on Debian.)
canary_target() {
  if [ "$2" -eq 0 ]; then
    printf '%s\n' "s|^\\( *\\)weight: 100 # {canary-target:$1:[0-9]*}\$|\\1weight: 100|"
  else
    printf '%s\n' "s|^\\( *\\)weight: 100 # {canary-target:$1:\\([0-9]*\\)}\$|\\1weight: $((100 - $2))\\n      - target: $1:\\2\\n\\1weight: $2|"
  fi
}

sed -e "s|{vault://env/nis-api-key}|${NIS_API_KEY}|g" \
    -e "$(canary_target courses-canary "$courses")" \
    -e "$(canary_target students-canary "$students")" \
    "$in" > "$out"
if grep -q '{vault://env/nis-api-key}' "$out"; then
  echo "consumer key marker left in the rendered configuration" >&2; exit 1
fi
if grep -q '{canary-target:' "$out"; then
  echo "a canary target marker is left in the rendered configuration" >&2; exit 1
fi
