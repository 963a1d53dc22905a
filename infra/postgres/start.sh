#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster under .infra/postgres, listening on
# 127.0.0.1:5432 only, with role/database churn/churn. Idempotent: a running
# cluster is left alone (the role and database are still ensured).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="$root/.infra/postgres"
data="$state/data"
log="$state/postgres.log"
host=127.0.0.1
port="${PGPORT_CHURN:-5432}"
timeout_s=60
# Unix socket paths are limited to ~107 bytes; deep checkouts fall back to /tmp.
sockdir="$state"
if [ "${#state}" -gt 80 ]; then sockdir="/tmp/churn-pg-$(printf '%s' "$state" | sha256sum | cut -c1-12)"; fi

# postgres refuses to run as root, so every server-side command runs as the `postgres` OS user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

bin="$(find_bin || true)"
if [ -z "$bin" ]; then
  echo "postgres: binaries not found, installing postgresql-15 via apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-15 >/dev/null || apt-get install -y -qq postgresql >/dev/null
  bin="$(find_bin)" || { echo "postgres: initdb still not found after install" >&2; exit 1; }
fi

if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

mkdir -p "$state" "$sockdir"
if [ "$(id -u)" = 0 ]; then chown postgres: "$state" "$sockdir"; fi
# The postgres user must be able to traverse every parent of the state dir.
chmod o+x "$root" "$root/.infra" 2>/dev/null || true

if [ ! -s "$data/PG_VERSION" ]; then
  echo "postgres: initialising cluster in $data"
  rm -rf "$data"
  pwfile="$(mktemp)"; echo postgres >"$pwfile"; chmod 644 "$pwfile"
  as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --pwfile="$pwfile" >"$state/initdb.log" 2>&1 || { rm -f "$pwfile"; tail -20 "$state/initdb.log" >&2; exit 1; }
  rm -f "$pwfile"
  cat >>"$data/postgresql.conf" <<CONF
# churn local settings
listen_addresses = '$host'
port = $port
unix_socket_directories = '$sockdir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  # Loopback only; md5 for TCP so the churn password is actually checked.
  cat >"$data/pg_hba.conf" <<HBA
local   all   all                 trust
host    all   all   127.0.0.1/32  md5
HBA
fi

ready() { "$bin/pg_isready" -q -h "$host" -p "$port"; }

if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  echo "postgres: already running"
elif ready; then
  echo "postgres: something else already listens on $host:$port" >&2
  exit 1
else
  echo "postgres: starting on $host:$port"
  as_pg "$bin/pg_ctl" -D "$data" -l "$log" -w -t "$timeout_s" start >/dev/null || {
    echo "postgres: failed to start; last log lines:" >&2; tail -30 "$log" >&2 || true; exit 1; }
fi

deadline=$((SECONDS + timeout_s))
until ready && as_pg "$bin/psql" -h "$sockdir" -p "$port" -U postgres -d postgres -qtAc 'select 1' >/dev/null 2>&1; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "postgres: not accepting connections after ${timeout_s}s; last log lines:" >&2
    tail -30 "$log" >&2 || true
    exit 1
  fi
  sleep 0.5
done

psql_admin() { as_pg "$bin/psql" -h "$sockdir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_admin -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'churn') THEN
    CREATE ROLE churn LOGIN PASSWORD 'churn' CREATEDB;
  ELSE
    ALTER ROLE churn LOGIN PASSWORD 'churn' CREATEDB;
  END IF;
END \$\$;" >/dev/null
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'churn'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE churn OWNER churn" >/dev/null
fi

# Prove the application's own credentials work over TCP.
PGPASSWORD=churn "$bin/psql" -h "$host" -p "$port" -U churn -d churn -qtAc 'select 1' >/dev/null || {
  echo "postgres: churn@$host:$port/churn is not usable" >&2; tail -30 "$log" >&2 || true; exit 1; }
echo "postgres: ready at postgres://churn:churn@$host:$port/churn"
