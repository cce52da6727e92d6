#!/usr/bin/env bash
# Runs nis on this machine: PostgreSQL, Redis and NATS (JetStream) on localhost, MongoDB
# in-process unless MONGO_URI is set (its file in COURSES_DATA_DIR, by default data/courses of
# this checkout: kept across runs; delete it to start over). Builds, provisions the streams,
# starts the services in the foreground; Ctrl-C stops them.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/ensure-services.sh
JAVA_HOME=$(bash .ci/java-home.sh)
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
# A JDK newer than the code's 21 prints plain-text warnings on stderr, outside the JSON log, when
# netty uses sun.misc.Unsafe or loads its native library (JEP 471, 472); these flags keep Java 21's
# behaviour without them, as the images' runtime has it (k8s/image-base/assemble-rootfs.sh).
jvm_flags=()
if [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")" -ge 23 ] 2>/dev/null; then
  jvm_flags=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi

./mvnw -q -B -ntp -DskipTests package
"$JAVA" -jar initializer/target/initializer-0.1.0-SNAPSHOT.jar

pids=()
names=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

for service in courses students; do
  jar="$service/target/$service-0.1.0-SNAPSHOT.jar"
  if [ -f "$jar" ] && [ -f "$service/target/classes/dev/nis/$service/Main.class" ]; then
    "$JAVA" ${jvm_flags[@]+"${jvm_flags[@]}"} -jar "$jar" &
    pids+=($!)
    names+=("$service")
  fi
done
echo "run-local: started ${#pids[@]} service(s); Ctrl-C stops them" >&2
if [ -z "${MONGO_URI:-}" ]; then
  echo "run-local: courses keeps its data in ${COURSES_DATA_DIR:-data/courses}/courses.mv.db" >&2
fi

# A service that ends by itself (a crash, a port in use, kill -9) stops the other and the script,
# saying which and how: half a system that looks up is worse than none. A poll, not `wait -n`,
# which macOS's bash 3.2 lacks.
while true; do
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      status=0
      wait "${pids[$i]}" || status=$?
      how="exit status $status"
      if [ "$status" -gt 128 ]; then
        # not Ctrl-C (that stops this script first): a signal from elsewhere, such as kill or pkill
        how="$how: killed by SIG$(kill -l $((status - 128)) 2>/dev/null || echo $((status - 128)))"
      fi
      echo "run-local: ${names[$i]} ended ($how); stopping the rest" >&2
      stop
      exit "$status"
    fi
  done
  sleep 1
done
