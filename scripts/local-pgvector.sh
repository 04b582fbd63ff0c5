#!/usr/bin/env bash
# Copy of shared/recipes/local-pgvector.sh (kept in step with it), so the project installs what it needs itself.
# local-pgvector.sh - make PostgreSQL 15 server binaries with the pgvector extension available on a
# Debian 12 machine, for tests that start their own ephemeral clusters (initdb + pg_ctl).
# pgvector is not packaged for Debian 12; its Debian source package (from the next release) builds
# against postgresql-server-dev-15 in seconds. Idempotent: does nothing when vector.so is present.
# The system's own apt configuration is left untouched (a private sources list is used for the source).
# Run as root.   Env: PGV_VERSION (e.g. 0.8.0-1; empty = newest), PG (default 15).
set -Eeuo pipefail
PG="${PG:-15}"
PGV_VERSION="${PGV_VERSION:-}"
BIN="/usr/lib/postgresql/$PG/bin"
log() { printf '[local-pgvector] %s\n' "$*" >&2; }

export DEBIAN_FRONTEND=noninteractive
need=()
[ -x "$BIN/initdb" ] || need+=("postgresql-$PG")
[ -x "$BIN/pg_config" ] && [ -d "/usr/include/postgresql/$PG/server" ] || need+=("postgresql-server-dev-$PG")
command -v make >/dev/null && command -v gcc >/dev/null || need+=(make gcc libc6-dev)
if [ -f "/usr/lib/postgresql/$PG/lib/vector.so" ]; then
    log "pgvector already installed for PostgreSQL $PG: $(grep -h default_version /usr/share/postgresql/$PG/extension/vector.control)"
    exit 0
fi
if [ "${#need[@]}" -gt 0 ]; then
    log "installing ${need[*]}"
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
fi
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial"
echo "deb-src http://deb.debian.org/debian trixie main" > "$work/sources.list"
o=(-o "Dir::State::Lists=$work/lists" -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/nonexistent
   -o APT::Sandbox::User=root)
apt-get "${o[@]}" update -qq
( cd "$work" && apt-get "${o[@]}" source -qq --download-only "pgvector${PGV_VERSION:+=$PGV_VERSION}" >/dev/null )
tar -C "$work" -xzf "$work"/pgvector_*.orig.tar.gz
cd "$work"/pgvector-*/
make -s -j"$(nproc)" OPTFLAGS='' PG_CONFIG="$BIN/pg_config" >/dev/null
make -s install PG_CONFIG="$BIN/pg_config" >/dev/null
log "installed pgvector $(grep -h default_version /usr/share/postgresql/$PG/extension/vector.control) into PostgreSQL $PG"
