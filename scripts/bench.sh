#!/usr/bin/env bash
# Runs a benchmark from src/test/java/io/github/schemaverify/bench and prints its figures and ratios.
# Usage: scripts/bench.sh FoundationBenchmark [-Dsetting=value ...]   (see docs/benchmarks.md for the list)
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name="${1:?usage: scripts/bench.sh <BenchmarkClass> [args]}"; shift
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
# -Dname=value arguments are the benchmark's settings (system properties), the rest its arguments
props=(); rest=()
for a in "$@"; do if [[ "$a" == -D* ]]; then props+=("$a"); else rest+=("$a"); fi; done
exec java "${props[@]}" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    "io.github.schemaverify.bench.$name" "${rest[@]}"
