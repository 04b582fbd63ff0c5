#!/usr/bin/env bash
# Runs the sample project's migration verification (round trip, idempotency, baseline, indexes, readiness) and
# prints a summary. Uses a Docker engine if one answers, else PostgreSQL binaries on this machine.
# The library is built and staged in target/stage-m2 for the sample (nothing is installed into ~/.m2).
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! docker info >/dev/null 2>&1; then
    bash scripts/setup-machine.sh >/dev/null
fi
read -r -a staged <<<"$(bash scripts/stage.sh --build)"
cd sample-project
../mvnw -B "${staged[@]}" verify "$@"
