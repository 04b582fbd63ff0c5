#!/usr/bin/env bash
# Runs SchemaVerify's whole test suite, every server mode included, after making sure the machine has what it needs.
# Usage: scripts/test.sh [extra Maven arguments]
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
eval "$(bash scripts/setup-machine.sh --container)"
export SCHEMAVERIFY_TEST_REQUIRE_CONTAINER=true SCHEMAVERIFY_TEST_REQUIRE_BROWSER=true
# the image container-engine.sh builds locally (this machine cannot pull pgvector/pgvector:pg17)
export SCHEMAVERIFY_IMAGE=pgvector/pgvector:pg15
./mvnw -B verify "$@"
# the library must work on JUnit Jupiter 5.14 and 6.x: the sample runs on both
./mvnw -B -q install -DskipTests
# ... and its round trip checks every incremental snapshot against a full reading
(cd sample-project && ../mvnw -B verify -Djunit.version=6.1.3 -Dschemaverify.walk.snapshots=checked)
