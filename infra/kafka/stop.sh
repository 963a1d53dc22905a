#!/usr/bin/env bash
# Stops the broker that infra/kafka/start.sh started (by its pid file). Idempotent.
# Data under .infra/kafka/data is kept; delete .infra/kafka for a clean slate.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pidfile="$root/.infra/kafka/kafka.pid"

if [[ ! -f "$pidfile" ]]; then
  echo "kafka: not running (no pid file)"
  exit 0
fi
pid="$(cat "$pidfile")"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "kafka: not running (stale pid file removed)"
  rm -f "$pidfile"
  exit 0
fi

# SIGTERM lets the broker flush and close its logs; a controlled shutdown takes a few seconds.
kill -TERM "$pid"
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "kafka: stopped"; exit 0; }
  sleep 0.5
done
echo "kafka: still running after 30s, sending SIGKILL" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$pidfile"
echo "kafka: killed"
