#!/usr/bin/env bash
# Benchmarks: builds what they need, runs every case beside its ceiling against the local
# PostgreSQL, Redis and NATS, and writes bench/results/<date>.json + .png and BENCHMARKS.md.
# Not part of ./mvnw verify; never fails a build. BENCH_QUICK=1: a short smoke run;
# BENCH_CASES=reads (or startup, cached, grpc, path, miss, mutations, events, comma-separated): some groups.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk (Debian package)" >&2
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk
fi
if ! command -v redis-benchmark >/dev/null; then
  echo "bench: installing redis-benchmark (Debian package redis-tools)" >&2
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq redis-tools
fi

# The reads run at up to 1,024 connections: wrk and redis-benchmark each hold that many sockets
# (the services' JVMs raise their own limit to the hard one). Raise the soft limit as far as the
# hard one allows.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -gt 65536 ]; then hard=65536; fi
if [ "$(ulimit -Sn)" != unlimited ] && [ "$(ulimit -Sn)" -lt "$hard" ]; then ulimit -n "$hard"; fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 4096 ]; then
  echo "bench: open files limit $(ulimit -n) < 4096: the 1,024-connection reads will fail (raise ulimit -Hn)" >&2
fi

bash .ci/ensure-services.sh
JAVA_HOME=$(bash .ci/java-home.sh)
export JAVA_HOME

./mvnw -q -B -ntp -DskipTests package -Djib.skip=true -pl bench,initializer,courses,students -am
exec "$JAVA_HOME/bin/java" -Xmx1g -jar bench/target/nis-bench-0.1.0-SNAPSHOT.jar
