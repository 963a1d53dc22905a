#!/usr/bin/env bash
# Stops the local cluster started by start.sh. Data under .infra/postgres is kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/.infra/postgres/data"

bin=""
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  [ -x "$d/pg_ctl" ] && { bin="$d"; break; }
done
if [ -z "$bin" ] || [ ! -s "$data/PG_VERSION" ]; then
  echo "postgres: not initialised, nothing to stop"
  exit 0
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
  echo "postgres: stopped"
else
  echo "postgres: not running"
fi
