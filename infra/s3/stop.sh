#!/usr/bin/env bash
# Stops the s3rver started by start.sh. Data under .infra/s3/data is kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pidfile="$root/.infra/s3/s3rver.pid"

if [ ! -s "$pidfile" ]; then
  echo "s3: not running"
  exit 0
fi
pid="$(cat "$pidfile")"
if ! kill -0 "$pid" 2>/dev/null || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 's3rver.mjs'; then
  echo "s3: not running (stale pid file removed)"
  rm -f "$pidfile"
  exit 0
fi
kill -TERM "$pid"
for _ in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "s3: stopped"; exit 0; }
  sleep 0.2
done
kill -KILL "$pid" 2>/dev/null || true
rm -f "$pidfile"
echo "s3: killed after 10s"
