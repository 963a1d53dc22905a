#!/usr/bin/env bash
# Stops what infra/up.sh started. Data under .infra/ is kept; delete it for a clean slate.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/kafka/stop.sh"
bash "$here/s3/stop.sh"
bash "$here/postgres/stop.sh"
