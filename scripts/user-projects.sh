#!/usr/bin/env bash
# user-projects.sh - builds the small Maven projects under src/test/user-projects against the SchemaVerify jar just
# built, as users would add it: each declares its own JUnit (and some their own Flyway, pgjdbc, AssertJ) and runs
# real @MigratedDatabase tests on LOCAL. A project passes when its build succeeds with more than 0 tests run and none
# failed; a project with an expected-failure.txt passes when its build fails with exactly that message. A project's
# must-print.txt and must-not-print.txt list lines (fixed strings) its build log must, and must not, contain.
# Each is built in a copy under target/user-projects/<name>. The jar is staged by stage.sh (nothing goes to ~/.m2).
# Without arguments it also builds the minimal pom (junit6-no-bom) with the machine's own Maven when that is 3.8.
# Usage: scripts/user-projects.sh [name ...]   (expects target/schemaverify-*.jar: ./mvnw package first)
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
tail="${MAVEN_REPO_TAIL:-$HOME/.m2/repository}"
log() { printf '[user-projects %s] %s\n' "$(date +%T)" "$*" >&2; }
read -r -a repo <<<"$(bash scripts/stage.sh)"
# without the staged repository the builds would resolve whatever SchemaVerify snapshot ~/.m2 holds
[ "${#repo[@]}" -gt 0 ] || { log "stage.sh staged nothing (its message is above)"; exit 1; }
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
    for d in src/test/user-projects/*/; do names+=("$(basename "$d")"); done
fi
status=0

printed() {   # printed SRC LOG: the log has every line of must-print.txt and none of must-not-print.txt
    local src="$1" buildlog="$2" pattern ok=0
    if [ -f "$src/must-print.txt" ]; then
        while IFS= read -r pattern; do
            [ -n "$pattern" ] || continue
            grep -qF -- "$pattern" "$buildlog" || { log "$(basename "$src"): the build log lacks \"$pattern\""; ok=1; }
        done < "$src/must-print.txt"
    fi
    if [ -f "$src/must-not-print.txt" ]; then
        while IFS= read -r pattern; do
            [ -n "$pattern" ] || continue
            if grep -qF -- "$pattern" "$buildlog"; then
                log "$(basename "$src"): the build log prints \"$pattern\":"; grep -F -- "$pattern" "$buildlog" | head -5 >&2; ok=1
            fi
        done < "$src/must-not-print.txt"
    fi
    return "$ok"
}

build() {   # build NAME DIR MAVEN-COMMAND...: copies the project to DIR, builds it there, judges the outcome
    local name="$1" dir="$2"; shift 2
    local src="src/test/user-projects/$name" t0 rc=0 tests=0 failed=0 took line f
    rm -rf "$dir"; mkdir -p "$(dirname "$dir")"; cp -r "$src" "$dir"
    t0=$(date +%s)
    "$@" -B -f "$dir/pom.xml" verify > "$dir/build.log" 2>&1 || rc=$?
    for f in "$dir"/target/surefire-reports/TEST-*.xml; do
        [ -f "$f" ] || continue
        line=$(grep -m1 -o '<testsuite [^>]*' "$f")
        tests=$((tests + $(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$line")))
        failed=$((failed + $(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$line") + $(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$line")))
    done
    took=$(( $(date +%s) - t0 ))
    if [ -f "$src/expected-failure.txt" ]; then
        if [ "$rc" -ne 0 ] && grep -rqF -- "$(cat "$src/expected-failure.txt")" "$dir"/target/surefire-reports/; then
            log "$(basename "$dir"): failed as expected, with the expected message ($took s)"
        else
            log "$(basename "$dir"): NOT as expected: build exit $rc, message not found (log: $dir/build.log)"; status=1
        fi
    elif [ "$rc" -eq 0 ] && [ "$tests" -gt 0 ] && [ "$failed" -eq 0 ] && printed "$src" "$dir/build.log"; then
        log "$(basename "$dir"): $tests tests passed ($took s)"
    else
        log "$(basename "$dir"): FAILED: build exit $rc, $tests tests, $failed failed (log: $dir/build.log)"
        grep -E 'Tests run:|ERROR\]' "$dir/build.log" | head -20 >&2 || true
        status=1
    fi
}

for name in "${names[@]}"; do
    build "$name" "target/user-projects/$name" "$root/mvnw" "${repo[@]}"
done

# The minimal pom again on the machine's own Maven when that is 3.8 (Debian 12's), whose default Surefire 2.12.4 runs
# 0 tests and reports BUILD SUCCESS: the pom's Surefire pin is what makes it work there. Maven 3.8 has no read-only
# tail repository, so the staged jar and ~/.m2 are served to it as file repositories (Central behind them).
if [ "$#" -eq 0 ] && command -v mvn >/dev/null && [[ "$(mvn -v 2>/dev/null)" == *'Apache Maven 3.8'* ]]; then
    settings="$root/target/user-projects/maven-3.8-settings.xml"
    printf '%s\n' '<settings>' \
        "  <localRepository>$root/target/user-projects/m2-maven-3.8</localRepository>" \
        '  <profiles><profile><id>staged</id><repositories>' \
        "    <repository><id>staged</id><url>file://$root/target/stage-m2</url><snapshots><enabled>true</enabled></snapshots></repository>" \
        "    <repository><id>user-m2</id><url>file://$tail</url></repository></repositories>" \
        "    <pluginRepositories><pluginRepository><id>user-m2-plugins</id><url>file://$tail</url></pluginRepository></pluginRepositories>" \
        '  </profile></profiles>' \
        '  <activeProfiles><activeProfile>staged</activeProfile></activeProfiles>' \
        '</settings>' > "$settings"
    build junit6-no-bom target/user-projects/maven-3.8-junit6-no-bom mvn -s "$settings"
fi
exit "$status"
