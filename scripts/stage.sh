#!/usr/bin/env bash
# stage.sh - puts the SchemaVerify jar just built (target/, with its sources and javadoc jars and its pom) into a
# private Maven repository, target/stage-m2, so that the sample and the user projects resolve it without anything
# being installed into ~/.m2 (which may hold another build's snapshot of the same version).
# Prints the Maven arguments that make a build use it; every other artifact is read from ~/.m2 (a read-only
# "tail", Maven 3.9+), and what is missing there is downloaded into target/stage-m2.
#   args=$(scripts/stage.sh) && (cd sample-project && ../mvnw $args verify)
# Usage: scripts/stage.sh [--build]   (--build: package first, without tests)
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
head="$PWD/target/stage-m2"
tail="${MAVEN_REPO_TAIL:-$HOME/.m2/repository}"
repo=(-Dmaven.repo.local="$head" -Dmaven.repo.local.tail="$tail")
if [ "${1:-}" = "--build" ]; then
    ./mvnw -B -q package -DskipTests >&2
fi
version=$(sed -n '0,/<version>/s|.*<version>\(.*\)</version>.*|\1|p' pom.xml)
jar="target/schemaverify-$version.jar"
[ -f "$jar" ] || { echo "stage.sh: $jar is missing; build first (scripts/stage.sh --build)" >&2; exit 1; }
./mvnw -B -q "${repo[@]}" install:install-file -Dfile="$jar" -DpomFile=pom.xml \
    -Dsources="target/schemaverify-$version-sources.jar" -Djavadoc="target/schemaverify-$version-javadoc.jar" >&2
echo "${repo[*]}"
