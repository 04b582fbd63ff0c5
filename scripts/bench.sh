#!/usr/bin/env bash
# Runs a benchmark from src/test/java/io/github/schemaverify/bench and prints its figures and ratios.
# Usage: scripts/bench.sh FoundationBenchmark   (see docs/benchmarks.md for the list)
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name="${1:?usage: scripts/bench.sh <BenchmarkClass> [args]}"; shift
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "io.github.schemaverify.bench.$name" "$@"
