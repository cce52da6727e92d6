#!/usr/bin/env bash
# A three-server NATS JetStream cluster on this machine, for the benchmarks' R1 against R3 applied
# rates (BENCHMARKS.md, "Replicas and NATS nodes"). Three servers on one host share its cores and
# disk, so the R3 figures are a lower bound of what three machines give.
#   bash bench/nats-cluster.sh start   # client ports 14222-14224, storage under bench/target/nats-cluster
#   BENCH_NATS_URL=nats://127.0.0.1:14222,nats://127.0.0.1:14223,nats://127.0.0.1:14224 \
#     BENCH_STREAM_REPLICAS=3 BENCH_CASES=mutations bash bench/run.sh
#   bash bench/nats-cluster.sh stop    # kills the three and deletes their storage
set -euo pipefail
cd "$(dirname "$0")/.."
dir=bench/target/nats-cluster
case "${1:-}" in
  start)
    mkdir -p "$dir"
    for i in 1 2 3; do
      mkdir -p "$dir/n$i"
      nats-server -a 127.0.0.1 -p "1422$((i + 1))" -n "n$i" -js -sd "$dir/n$i" \
        --cluster_name nis-bench --cluster "nats://127.0.0.1:1522$((i + 1))" \
        --routes nats://127.0.0.1:15222,nats://127.0.0.1:15223,nats://127.0.0.1:15224 \
        >"$dir/n$i.log" 2>&1 &
      echo $! >"$dir/n$i.pid"
    done
    echo "nats-cluster: started n1..n3 on 14222-14224 (logs in $dir)"
    ;;
  stop)
    for i in 1 2 3; do
      [ -f "$dir/n$i.pid" ] && kill "$(cat "$dir/n$i.pid")" 2>/dev/null || true
    done
    sleep 1
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
