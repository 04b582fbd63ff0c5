#!/usr/bin/env bash
# Runs SchemaVerify's whole test suite, every server mode included, after making sure the machine has what it needs,
# then what proves the versions it claims (docs/compatibility.md):
#   0. main and test code compile with -Xlint:all -Werror on JUnit 5.14 (the suite's build) and 6.1.3
#   1. the suite (PostgreSQL 15 LOCAL and EXTERNAL, CONTAINER on podman, Flyway as built)
#   2. the sample project on JUnit 6, against the jar just built (staged: nothing is installed into ~/.m2)
#   3. user projects: JUnit 6 after SchemaVerify without a BOM, JUnit 5.13 with the oldest Flyway, a Flyway mistake
#   4. the version-sensitive tests on PostgreSQL 13 and 18 with pgvector, and on the oldest Flyway (beside step 3)
# Each step that can take longer than 10 s says when it starts, every 15 s while it runs, and how long it took.
# Usage: scripts/test.sh [extra Maven arguments for step 1]
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=progress.sh
. scripts/progress.sh
mkdir -p target
step "machine setup: PostgreSQL + pgvector, Chromium, podman with a local pgvector image" \
    bash scripts/setup-machine.sh --container > target/engine.env
eval "$(cat target/engine.env)"
step "PostgreSQL 13 and 18 binaries with pgvector (pg-binaries.sh)" \
    bash -c 'bash scripts/pg-binaries.sh 13 >/dev/null && bash scripts/pg-binaries.sh 18 >/dev/null'
export SCHEMAVERIFY_TEST_REQUIRE_CONTAINER=true SCHEMAVERIFY_TEST_REQUIRE_BROWSER=true
# the image container-engine.sh builds locally (this machine cannot pull pgvector/pgvector:pg18)
export SCHEMAVERIFY_IMAGE=pgvector/pgvector:pg15
# Ryuk's image cannot be pulled here either: RyukTest checks that the message names that (docs/servers.md, Podman)
# main and test code compile warning-free (-Xlint:all -Werror) against JUnit 6 as well as 5.14 (the suite's build)
step "compile against JUnit 6.1.3, warnings as errors" ./mvnw -B -q -Plint-junit -Djunit.version=6.1.3 test-compile
progress_log "the suite (./mvnw verify; Maven prints each test class as it finishes)"
./mvnw -B verify -Dschemaverify.test.ryuk=unavailable "$@"
# the library must work on JUnit Jupiter 5.14 and 6.x: the sample runs on 6 (the user projects on 5.13 and 6);
# its round trip checks every incremental snapshot against a full reading
read -r -a staged <<<"$(bash scripts/stage.sh)"
progress_log "the sample project on JUnit 6 (Maven prints each test class)"
(cd sample-project && ../mvnw -B "${staged[@]}" verify -Djunit.version=6.1.3 -Dschemaverify.walk.snapshots=checked)
# the sample's Surefire settings give CI readable names (docs/ci.md): a revision's test case is named after it
grep -q 'testcase name="[^"]* V1 [^"]*: up, down, up"' sample-project/target/surefire-reports/TEST-*.xml \
    || { echo "test.sh: the sample's Surefire XML does not name revisions (e.g. \"V1 ...: up, down, up\")" >&2; exit 1; }
# the user projects beside the runs on other versions: each a JVM and a server of its own, about one core of two; the
# user projects' output is printed whole at the end
step "user projects (user-projects.sh) beside PostgreSQL 13, PostgreSQL 18 and Flyway 10.22.0 (compat.sh)" bash -c '
    bash scripts/user-projects.sh > target/user-projects.log 2>&1 & projects=$!
    compat=0; bash scripts/compat.sh || compat=$?
    users=0; wait "$projects" || users=$?
    cat target/user-projects.log >&2
    [ "$users" -eq 0 ] || echo "[test] user projects FAILED (exit $users): target/user-projects.log" >&2
    [ "$compat" -eq 0 ] && [ "$users" -eq 0 ]'

