#!/usr/bin/env bash
# Starts a single-node KRaft Kafka (broker + controller) on 127.0.0.1:9092 (controller 9093).
# State lives in .infra/kafka/ (jars, data, logs, pid, cluster id). Idempotent: when our
# broker already runs (or anything already serves Kafka on 9092) it only waits for readiness.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="$root/.infra/kafka"
libs="$state/libs"
data="$state/data"
logs="$state/logs"
pidfile="$state/kafka.pid"
host=127.0.0.1
port=9092
timeout_s="${KAFKA_START_TIMEOUT:-120}"

log() { echo "kafka: $*"; }

port_open() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

our_pid_alive() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# A metadata round trip, not just an open port: the KRaft broker accepts connections
# before it has caught up with the metadata log.
metadata_ok() {
  if (cd "$root" && node -e "require.resolve('kafkajs')" >/dev/null 2>&1); then
    (cd "$root" && node "$here/wait-ready.mjs" "$host:$port" 2>/dev/null)
  else
    grep -q "Kafka Server started" "$logs/server.log" 2>/dev/null
  fi
}

fail() {
  echo "kafka: $*" >&2
  for f in "$logs/server.log" "$logs/stdout.log"; do
    [[ -f "$f" ]] && { echo "--- tail of $f ---" >&2; tail -n 40 "$f" >&2; }
  done
  exit 1
}

wait_ready() {
  local deadline=$((SECONDS + timeout_s))
  while ((SECONDS < deadline)); do
    if [[ -n "${1:-}" ]] && ! kill -0 "$1" 2>/dev/null; then
      fail "the broker process (pid $1) exited during start-up"
    fi
    if port_open && metadata_ok; then return 0; fi
    sleep 1
  done
  fail "not ready on $host:$port after ${timeout_s}s"
}

mkdir -p "$state" "$data" "$logs"

if our_pid_alive; then
  log "already running (pid $(cat "$pidfile")); waiting for readiness"
  wait_ready "$(cat "$pidfile")"
  log "ready on $host:$port"
  exit 0
fi
rm -f "$pidfile"

if port_open; then
  log "something already listens on $host:$port; checking it serves Kafka"
  wait_ready
  log "ready on $host:$port (not started by this script)"
  exit 0
fi

command -v java >/dev/null || fail "java not found (Java 17+ is required)"

# Jars come from Maven Central through the pom; fetched once (again when pom.xml changes),
# into a temp dir then moved, so an interrupted download never leaves a half-filled libs/.
pom_sum="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
if [[ "$(cat "$libs/.pom.sha256" 2>/dev/null)" != "$pom_sum" ]]; then
  command -v mvn >/dev/null || fail "mvn not found (needed once to fetch the Kafka jars)"
  log "fetching Kafka jars with Maven into $libs"
  tmp="$state/libs.tmp"
  rm -rf "$tmp"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$tmp" > "$logs/mvn.log" 2>&1 \
    || { tail -n 30 "$logs/mvn.log" >&2; fail "mvn dependency:copy-dependencies failed (log: $logs/mvn.log)"; }
  echo "$pom_sum" > "$tmp/.pom.sha256"
  rm -rf "$libs"
  mv "$tmp" "$libs"
fi

sed "s#@DATA_DIR@#$data#" "$here/server.properties.template" > "$state/server.properties"

java_cp="$libs/*"
log_opts=(-Dkafka.logs.dir="$logs" -Dlog4j2.configurationFile="$here/log4j2.properties")

if [[ ! -f "$data/meta.properties" ]]; then
  if [[ ! -s "$state/cluster.id" ]]; then
    java -cp "$java_cp" "${log_opts[@]}" kafka.tools.StorageTool random-uuid > "$state/cluster.id.tmp" \
      || fail "could not generate a cluster id"
    mv "$state/cluster.id.tmp" "$state/cluster.id"
  fi
  log "formatting storage (cluster id $(cat "$state/cluster.id"))"
  java -cp "$java_cp" "${log_opts[@]}" kafka.tools.StorageTool format \
    -t "$(cat "$state/cluster.id")" -c "$state/server.properties" --ignore-formatted \
    > "$logs/format.log" 2>&1 || { cat "$logs/format.log" >&2; fail "storage format failed"; }
fi

log "starting broker (logs in $logs)"
nohup java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
  "${log_opts[@]}" -cp "$java_cp" kafka.Kafka "$state/server.properties" \
  > "$logs/stdout.log" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$pidfile"

wait_ready "$pid"
log "ready on $host:$port (pid $pid)"
