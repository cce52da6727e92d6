#!/usr/bin/env bash
# Benchmarks: builds what they need, runs every case beside its ceiling against the local
# PostgreSQL, Redis and NATS, and writes bench/results/<date>.json + .png and BENCHMARKS.md.
# Not part of ./mvnw verify; never fails a build. BENCH_QUICK=1: a short smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk (Debian package)" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk
fi

bash .ci/ensure-services.sh
JAVA_HOME=$(bash .ci/java-home.sh)
export JAVA_HOME

./mvnw -q -B -ntp -DskipTests package -Djib.skip=true -pl bench,initializer,courses,students -am
exec "$JAVA_HOME/bin/java" -Xmx1g -jar bench/target/nis-bench-0.1.0-SNAPSHOT.jar
