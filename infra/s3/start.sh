#!/usr/bin/env bash
# Starts s3rver (S3-compatible, filesystem-backed) on 127.0.0.1:9000 with bucket
# churn-lake and credentials S3RVER/S3RVER; data under .infra/s3/data.
# Idempotent: a running instance is left alone (readiness is still checked).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="$root/.infra/s3"
data="$state/data"
log="$state/s3rver.log"
pidfile="$state/s3rver.pid"
host=127.0.0.1
port="${S3_PORT_CHURN:-9000}"
bucket=churn-lake
endpoint="http://$host:$port"
timeout_s=30

if [ ! -f "$root/node_modules/s3rver/package.json" ] || [ ! -d "$root/node_modules/@aws-sdk/client-s3" ]; then
  echo "s3: node_modules/s3rver or @aws-sdk/client-s3 missing; run 'npm ci' in $root first" >&2
  exit 1
fi
mkdir -p "$data"

ours_running() {
  [ -s "$pidfile" ] || return 1
  local pid; pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 's3rver.mjs'
}
port_open() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }
fail() {
  echo "s3: $1; last log lines:" >&2
  tail -30 "$log" >&2 2>/dev/null || true
  exit 1
}

if ours_running; then
  echo "s3: already running (pid $(cat "$pidfile"))"
elif port_open; then
  echo "s3: something else already listens on $host:$port" >&2
  exit 1
else
  echo "s3: starting s3rver on $host:$port"
  rm -f "$pidfile"
  cd "$root"
  setsid nohup node "$here/s3rver.mjs" "$data" "$port" "$host" "$bucket" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
fi

deadline=$((SECONDS + timeout_s))
until port_open; do
  ours_running || fail "s3rver exited during startup"
  [ "$SECONDS" -ge "$deadline" ] && fail "port $port not open after ${timeout_s}s"
  sleep 0.3
done
remaining=$((deadline - SECONDS)); [ "$remaining" -lt 5 ] && remaining=5
(cd "$root" && NODE_NO_WARNINGS=1 node "$here/wait-ready.mjs" "$endpoint" "$bucket" "$remaining") || fail "bucket $bucket not ready"
echo "s3: ready at $endpoint (bucket $bucket, credentials S3RVER/S3RVER)"
