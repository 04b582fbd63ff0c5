#!/usr/bin/env bash
# Makes this machine able to run SchemaVerify's suite: PostgreSQL server binaries with pgvector (LOCAL and
# EXTERNAL modes) and, with --container, a Docker-API engine with a local pgvector image (CONTAINER mode) and
# Debian's chromium (the report test opens the HTML report in a headless browser); git when missing (the tests of
# from = "git:<ref>" make repositories).
# Idempotent and quick when everything is present. Debian/Ubuntu, run as root (or with sudo available).
# stdout: "export ..." lines for the container engine (eval them); progress goes to stderr, a line every 15 s for
# each step that runs (an install takes minutes on a fresh machine).
set -Eeuo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=progress.sh
. "$here/progress.sh"
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)

install_git() {
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git >&2 \
        || { "${sudo_cmd[@]}" apt-get update -qq >&2 && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git >&2; }
}

install_chromium() {
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 \
        || { "${sudo_cmd[@]}" apt-get update -qq >&2 && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2; }
}

if ! command -v git >/dev/null 2>&1; then
    # the tests of from = "git:<ref>" run git on repositories they make
    step "git (apt-get install git)" install_git
fi
if ! ls /usr/lib/postgresql/*/lib/vector.so >/dev/null 2>&1; then
    step "PostgreSQL 15 with pgvector (local-pgvector.sh)" "${sudo_cmd[@]}" bash "$here/local-pgvector.sh" >&2
fi
if [ "${1:-}" = "--container" ] && [ ! -x /usr/bin/chromium ]; then
    # the report test opens report.html in a real (headless) browser
    step "Chromium (apt-get install chromium)" install_chromium
fi
if [ "${1:-}" = "--container" ]; then
    # stdout of container-engine.sh is the export lines; its own progress goes to stderr
    step "container engine and local pgvector image (container-engine.sh)" "${sudo_cmd[@]}" bash "$here/container-engine.sh"
fi
