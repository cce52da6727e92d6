#!/bin/sh
# Renders /kong/kong.yml into /tmp/kong.yml (the consumer's key from NIS_API_KEY, the canaries'
# weights: kong/render-config.sh), then starts Kong with the image's own entrypoint.
set -eu
sh /kong/render-config.sh /kong/kong.yml /tmp/kong.yml
export KONG_DECLARATIVE_CONFIG=/tmp/kong.yml
exec /docker-entrypoint.sh kong docker-start
