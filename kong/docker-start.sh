#!/bin/sh
# Renders /kong/kong.yml into /tmp/kong.yml with the consumer key taken from NIS_API_KEY,
# then starts Kong with the image's own entrypoint.
#
# Why not leave {vault://env/nis-api-key} to Kong's env vault: the key of a keyauth
# credential is not a referenceable field (Kong support note "Key-Auth on Consumer isn't
# working with Vault secrets"); Kong would take the reference text as the literal key.
# So the reference is only the template's marker, replaced here before Kong reads it.
set -eu
: "${NIS_API_KEY:?NIS_API_KEY must be set}"
case "$NIS_API_KEY" in
  *[!A-Za-z0-9._~-]*) echo "NIS_API_KEY may only hold A-Z a-z 0-9 . _ ~ -" >&2; exit 1 ;;
esac
if [ "$NIS_API_KEY" = "change-me" ]; then
  echo "NIS_API_KEY is still the .env.example placeholder" >&2; exit 1
fi
sed "s|{vault://env/nis-api-key}|${NIS_API_KEY}|g" /kong/kong.yml > /tmp/kong.yml
if grep -q '{vault://env/nis-api-key}' /tmp/kong.yml; then
  echo "consumer key marker left in the rendered configuration" >&2; exit 1
fi
export KONG_DECLARATIVE_CONFIG=/tmp/kong.yml
exec /docker-entrypoint.sh kong docker-start
