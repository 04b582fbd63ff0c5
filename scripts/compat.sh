#!/usr/bin/env bash
# compat.sh - runs the version-sensitive part of SchemaVerify's suite on the other versions it claims
# (docs/compatibility.md): PostgreSQL 13 and 18 with pgvector (LOCAL, binaries from scripts/pg-binaries.sh), and the
# oldest Flyway it supports. The main run (scripts/test.sh) covers PostgreSQL 15 and the Flyway it is built with.
# Expects compiled classes (./mvnw verify or test-compile first). Surefire's reports and SchemaVerify's own (which
# name the server and its PostgreSQL version) go to target/compat-reports/<run>/.
# Usage: scripts/compat.sh [run ...]   runs: pg13 pg18 flyway-oldest (default: those three), container:MAJOR
#   (CONTAINER on pgvector/pgvector:pgMAJOR, or COMPAT_IMAGE: the GitHub workflow's matrix)
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FLYWAY_OLDEST=10.22.0     # keep in step with Compatibility.MINIMUM_FLYWAY

# Every test class that talks to PostgreSQL or Flyway and does not need Docker or a browser: the catalog reader and
# tracker, the diff, the round trip, idempotency, baseline, golden files, readiness, EXTERNAL mode, bad input, locks.
TESTS="VersionsInUseTest,MigratedDatabaseTest,RoundTripTest,IdempotencyAndBaselineTest,MatchesSchemaSnapshotTest"
TESTS+=",ReadinessBootstrapTest,ExternalServerTest,BadInputTest,CatalogReaderTest,CatalogTrackerTest,SchemaDiffTest"
# Of the round trip's tests (RoundTripTest), those tagged versions: they reach every kind of object the snapshot reads,
# each mechanism of the walk and each cause; the rest (about two thirds of its time) vary what those reach. The other
# classes run whole (they carry no round-trip tag).
TAG_EXPRESSION='versions | !round-trip'
# Tests whose text differs by version (a one-table view's columns qualified before 16, a procedure's IN mode from
# 14, properties a server has only from 14 or 15) read server_version_num and expect accordingly: none is left out.
# the lock profile; LocksTest also checks docs/locks.md's table for the run's PostgreSQL major (-Dschemaverify.test.pgMajor)
TESTS+=",LocksTest,LocksReportTest"

log() { printf '[compat %s] %s\n' "$(date +%T)" "$*" >&2; }
run() {   # run NAME TESTS MAVEN-ARGS...
    local name="$1" tests="$2" t0; shift 2
    t0=$(date +%s)
    log "$name: $(tr ',' '\n' <<<"$tests" | grep -vc '^!') test classes ..."
    rm -rf "target/compat-reports/$name"
    if ./mvnw -B -q surefire:test -Dtest="$tests" -Dgroups="$TAG_EXPRESSION" -Dsurefire.failIfNoSpecifiedTests=false \
            -Dsurefire.reportsDirectory="$PWD/target/compat-reports/$name" \
            -Dschemaverify.report.dir="$PWD/target/compat-reports/$name/schemaverify" "$@"; then
        log "$name: passed in $(( $(date +%s) - t0 )) s"
    else
        log "$name: FAILED after $(( $(date +%s) - t0 )) s (reports in target/compat-reports/$name)"; return 1
    fi
}

# the test list for a PostgreSQL major: the same on every one
tests_for() { echo "$TESTS"; }
# on the oldest Flyway (PostgreSQL 15, as the main run): the tracker and the diff, whose only Flyway is their fixture's
# template (MigratedDatabaseTest builds templates), read the same catalogs as in the main run; the classes whose
# subject is a Flyway setting or Flyway's own run (callbacks, initSql, mixed, placeholder replacement, the history
# table's name, the configuration SchemaVerify mirrors) run there too. Not FlywayParityTest: its own code configures
# Flyway through an API newer than 10.22 (FluentConfiguration.getConfigurationExtension)
FLYWAY_TESTS=$(tr ',' '\n' <<<"$TESTS" | grep -vx 'CatalogTrackerTest\|SchemaDiffTest' | paste -sd,)
FLYWAY_TESTS+=",RoundTripCallbacksTest,FlywayInitSqlTest,FlywayMixedTest,FlywayPlaceholderReplacementTest,FlywayTableTest"
FLYWAY_TESTS+=",MigrationPlanMirrorTest,FlywayPluginsTest"

one() {   # one RUN: the run of that name
    local r="$1"
    case "$r" in
        pg13|pg18)
            major=${r#pg}; bin=$(bash scripts/pg-binaries.sh "$major")
            run "$r" "$(tests_for "$major")" -Dschemaverify.pg.bin="$bin" -Dschemaverify.test.pgMajor="$major" ;;
        container:*)
            # the GitHub workflow's matrix: the official pgvector image of that major (CONTAINER; ExternalServerTest
            # is left out, it starts LOCAL clusters to play the external server)
            major=${r#container:}
            run "pg$major-container" "$(tests_for "$major" | sed 's/,ExternalServerTest//')" -Dschemaverify.server=CONTAINER \
                -Dschemaverify.image="${COMPAT_IMAGE:-pgvector/pgvector:pg$major}" -Dschemaverify.test.pgMajor="$major" ;;
        flyway-oldest)
            # the main run checks every incremental reading against a full one on this same PostgreSQL; Flyway's
            # version does not change what is read, so the walks here read as users' do (-D wins over the pom's value)
            run "flyway-$FLYWAY_OLDEST" "$FLYWAY_TESTS" -Dtest.flyway.version="$FLYWAY_OLDEST" \
                -Dschemaverify.walk.snapshots=incremental ;;
    esac
}

runs=("$@"); [ "${#runs[@]}" -gt 0 ] || runs=(pg13 pg18 flyway-oldest)
seen=" "
for r in "${runs[@]}"; do
    case "$r" in
        pg13|pg18|container:*|flyway-oldest) ;;
        *) log "unknown run $r (pg13, pg18, container:MAJOR, flyway-oldest)"; exit 2 ;;
    esac
    # two runs of one name would share (and each clear) one folder of reports
    case "$seen" in *" $r "*) log "run $r is asked for twice"; exit 2 ;; esac
    seen+="$r "
done
# The runs go side by side: each is one JVM and one server working in turn, about one core of two (pg13 and pg18 took
# 381 s side by side against 317 + 368 s one after the other, on two cores). They share nothing but the classes: each has
# its own server (another PostgreSQL version, or for flyway-oldest a PostgreSQL 15 cluster of its own: scripts/test.sh
# runs this script beside the main run) and its own reports. Each run's output is kept apart and printed whole, in the order of the runs, once it has ended.
# Each run is a process group of its own (set -m), stopped whole if this script is interrupted.
mkdir -p target/compat-logs
logof() { echo "target/compat-logs/${1//[:\/]/-}.log"; }
set -m
pids=()
trap 'for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null; done; exit 130' INT TERM
for r in "${runs[@]}"; do
    one "$r" > "$(logof "$r")" 2>&1 &
    pids+=("$!")
done
status=0
for i in "${!runs[@]}"; do
    wait "${pids[$i]}" || status=1
    cat "$(logof "${runs[$i]}")" >&2
done
exit "$status"
