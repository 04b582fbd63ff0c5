#!/usr/bin/env bash
# user-projects.sh - builds the small Maven projects under src/test/user-projects against the SchemaVerify jar just
# built, as users would add it: each declares its own JUnit (and some their own Flyway, pgjdbc, AssertJ) and runs
# real @MigratedDatabase tests on LOCAL. A project passes when its build succeeds with more than 0 tests run and none
# failed; a project with an expected-failure.txt passes when its build fails with exactly that message.
# Each is built in a copy under target/user-projects/<name>. The jar is staged by stage.sh (nothing goes to ~/.m2).
# Usage: scripts/user-projects.sh [name ...]   (expects target/schemaverify-*.jar: ./mvnw package first)
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
log() { printf '[user-projects %s] %s\n' "$(date +%T)" "$*" >&2; }
read -r -a repo <<<"$(bash scripts/stage.sh)"
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
    for d in src/test/user-projects/*/; do names+=("$(basename "$d")"); done
fi
status=0
for name in "${names[@]}"; do
    src="src/test/user-projects/$name"; dir="target/user-projects/$name"
    rm -rf "$dir"; mkdir -p "$(dirname "$dir")"; cp -r "$src" "$dir"
    t0=$(date +%s)
    rc=0
    "$root/mvnw" -B "${repo[@]}" -f "$dir/pom.xml" verify > "$dir/build.log" 2>&1 || rc=$?
    tests=0; failed=0
    for f in "$dir"/target/surefire-reports/TEST-*.xml; do
        [ -f "$f" ] || continue
        line=$(grep -m1 -o '<testsuite [^>]*' "$f")
        tests=$((tests + $(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$line")))
        failed=$((failed + $(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$line") + $(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$line")))
    done
    took=$(( $(date +%s) - t0 ))
    if [ -f "$src/expected-failure.txt" ]; then
        expected=$(cat "$src/expected-failure.txt")
        if [ "$rc" -ne 0 ] && grep -rqF -- "$expected" "$dir"/target/surefire-reports/; then
            log "$name: failed as expected, with the expected message ($took s)"
        else
            log "$name: NOT as expected: build exit $rc, message not found (log: $dir/build.log)"; status=1
        fi
    elif [ "$rc" -eq 0 ] && [ "$tests" -gt 0 ] && [ "$failed" -eq 0 ]; then
        log "$name: $tests tests passed ($took s)"
    else
        log "$name: FAILED: build exit $rc, $tests tests, $failed failed (log: $dir/build.log)"
        grep -E 'Tests run:|ERROR\]' "$dir/build.log" | head -20 >&2 || true
        status=1
    fi
done
exit "$status"
