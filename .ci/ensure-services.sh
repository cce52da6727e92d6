#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and NATS (with JetStream) answer on localhost, starting any that
# is installed but down. Exits non-zero, naming the service, when one cannot be had.
set -uo pipefail

answers() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_for() { # name port
  for _ in $(seq 1 30); do
    answers 127.0.0.1 "$2" && return 0
    sleep 0.5
  done
  echo "ensure-services: $1 does not answer on 127.0.0.1:$2" >&2
  return 1
}

ensure() { # name port start-command...
  local name=$1 port=$2
  shift 2
  if answers 127.0.0.1 "$port"; then
    echo "ensure-services: $name answers on 127.0.0.1:$port"
    return 0
  fi
  echo "ensure-services: $name is down, starting it"
  if ! "$@"; then
    echo "ensure-services: could not start $name (is it installed? see README.md, Prerequisites)" >&2
    return 1
  fi
  wait_for "$name" "$port"
}

start_postgres() {
  command -v pg_ctlcluster >/dev/null || return 1
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
}

start_redis() {
  command -v redis-server >/dev/null || return 1
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

start_nats() {
  [ -x /usr/sbin/nats-server ] || return 1
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
}

jetstream_enabled() {
  # A NATS server started without -js answers, but has no JetStream: its INFO says so.
  local info
  info=$(timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/4222; head -n 1 <&3' 2>/dev/null)
  [[ "$info" == *'"jetstream":true'* ]]
}

# A service whose URL is given (.ci/run-local.sh with NATS_URL, REDIS_URL or POSTGRES_URL set) is
# the user's to run: checking or starting the local default would be about a server nothing uses.
given() { # name variable
  if [ -n "${!2:-}" ]; then
    echo "ensure-services: $2 is set: $1 is yours to run, not checked here"
    return 0
  fi
  return 1
}

status=0
given PostgreSQL POSTGRES_URL || ensure PostgreSQL 5432 start_postgres || status=1
given Redis REDIS_URL || ensure Redis 6379 start_redis || status=1
nats_given=false
given NATS NATS_URL && nats_given=true
$nats_given || ensure NATS 4222 start_nats || status=1
if ! $nats_given && answers 127.0.0.1 4222 && ! jetstream_enabled; then
  echo "ensure-services: NATS on 127.0.0.1:4222 runs without JetStream; restart it with -js" >&2
  status=1
fi
exit $status
