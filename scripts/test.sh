#!/usr/bin/env bash
# Runs SchemaVerify's whole test suite, every server mode included, after making sure the machine has what it needs,
# then what proves the versions it claims (docs/compatibility.md):
#   0. main and test code compile with -Xlint:all -Werror on JUnit 5.14 (the suite's build) and 6.1.3; the jar is built
#   1. the suite (PostgreSQL 15 LOCAL and EXTERNAL, CONTAINER on podman, Flyway as built)
#   beside it, each a JVM and a server of its own (the suite keeps about a quarter of two cores idle, its server working
#   one statement at a time):
#   2. the version-sensitive tests on PostgreSQL 13 and 18 with pgvector, and on the oldest Flyway (compat.sh)
#   3. user projects: JUnit 6 after SchemaVerify without a BOM, JUnit 5.13 with the oldest Flyway, a Flyway mistake
#   4. the sample project on JUnit 6, against the jar just built (staged: nothing is installed into ~/.m2)
# Each step that can take longer than 10 s says when it starts, every 15 s while it runs, and how long it took; what
# runs beside the suite prints its output whole once the suite has ended.
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
# the jar (with its sources and javadoc jars, javadoc's lint included), the classes and the test classes, once: what
# runs beside the suite reads them, so the suite's own build must find them up to date and rewrite nothing
step "the jar and the test classes (./mvnw package, no tests)" ./mvnw -B -q package -DskipTests
read -r -a staged <<<"$(bash scripts/stage.sh)"
mkdir -p target/beside
# the library must work on JUnit Jupiter 5.14 and 6.x: the sample runs on 6 (the user projects on 5.13 and 6); its
# round trip checks every incremental snapshot against a full reading
sample() {
    (cd sample-project && ../mvnw -B "${staged[@]}" verify -Djunit.version=6.1.3 -Dschemaverify.walk.snapshots=checked) || return
    # the sample's Surefire settings give CI readable names (docs/ci.md): a revision's test case is named after it
    grep -q 'testcase name="[^"]* V1 [^"]*: up, down, up"' sample-project/target/surefire-reports/TEST-*.xml \
        || { echo "test.sh: the sample's Surefire XML does not name revisions (e.g. \"V1 ...: up, down, up\")" >&2; return 1; }
}
# each its own process group (set -m), stopped whole if this script is interrupted, and run, with the servers they
# start, under SCHED_IDLE (nice 19 where chrt cannot): the suite is the longest part, and what runs beside it takes
# only what its JVM and server leave idle. At the suite's own priority they took as much of the CPU as it did, and CI
# ended no sooner (1,677 s against 1,653 s); niced (15), the suite's JVM and server, which hand each statement back
# and forth, still waited at each wake-up for a niced process's time slice to end (RoundTripTest 674 s against 277 s)
idle() { chrt --idle -p 0 "$1" > /dev/null 2>&1 || renice -n 19 -p "$1" > /dev/null; }   # process $1, and what it starts
set -m
( idle "$BASHPID"; exec bash scripts/compat.sh > target/beside/compat.log 2>&1 ) & compat=$!
( idle "$BASHPID"
  code=0; bash scripts/user-projects.sh > target/beside/user-projects.log 2>&1 || code=$?
  echo "$code" > target/beside/user-projects.exit
  code=0; sample > target/beside/sample.log 2>&1 || code=$?
  echo "$code" > target/beside/sample.exit ) & others=$!
set +m
trap 'kill -- "-$compat" "-$others" 2>/dev/null; exit 130' INT TERM
progress_log "the suite (./mvnw verify; Maven prints each test class as it finishes), beside PostgreSQL 13, PostgreSQL 18 and Flyway 10.22.0 (compat.sh), the user projects (user-projects.sh) and the sample on JUnit 6"
suite=0
./mvnw -B verify -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dschemaverify.test.ryuk=unavailable "$@" || suite=$?
compat_status=0
beside_end() { wait "$compat" || compat_status=$?; wait "$others" || true; }
step "what runs beside the suite, to its end" beside_end
for part in sample user-projects compat; do
    progress_log "$part's output:"; cat "target/beside/$part.log" >&2
done
status=0
[ "$suite" -eq 0 ] || { progress_log "the suite FAILED (exit $suite)"; status=1; }
[ "$compat_status" -eq 0 ] || { progress_log "compat.sh FAILED (exit $compat_status): target/beside/compat.log"; status=1; }
for part in user-projects sample; do
    code=$(cat "target/beside/$part.exit" 2>/dev/null || echo missing)
    [ "$code" = 0 ] || { progress_log "$part FAILED (exit $code): target/beside/$part.log"; status=1; }
done
exit "$status"
