#!/usr/bin/env bash
# Starts Kafka (KRaft), PostgreSQL and the S3-compatible server on loopback.
# Idempotent: a second run finds the servers already up and leaves them be.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/postgres/start.sh"
bash "$here/s3/start.sh"
bash "$here/kafka/start.sh"
echo "infra: kafka, postgres and s3 are up (addresses in infra/local.env)"
