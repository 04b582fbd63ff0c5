#!/usr/bin/env bash
# Runs the sample project's migration verification (round trip, idempotency, baseline, indexes, readiness) and
# prints a summary. Uses a Docker engine if one answers, else PostgreSQL binaries on this machine.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! docker info >/dev/null 2>&1; then
    bash scripts/setup-machine.sh >/dev/null
fi
./mvnw -B -q install -DskipTests
cd sample-project
../mvnw -B verify "$@"
