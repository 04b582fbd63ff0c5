#!/usr/bin/env bash
# Copy of shared/recipes/container-engine.sh (kept in step with it), so the project installs what it needs itself.
# container-engine.sh - give Testcontainers (Java) a Docker-API engine on a Debian 12 VM without
# Docker and without registry access:
#   * rootful podman (runtime runc, small ulimits) serving the Docker API on a unix socket
#   * a locally built PostgreSQL 15 + pgvector image that honours the official postgres image
#     contract (POSTGRES_USER/PASSWORD/DB, "ready to accept connections" logged twice)
# Idempotent: installs/builds/starts only what is missing.  Run as root.
# stdout: only "export ..." lines, so use:   eval "$(bash container-engine.sh)"
# stderr: progress and timings.
set -Eeuo pipefail

IMAGE="${CE_IMAGE:-localhost/pgvector-local:pg15}"
# Second name for the same image so unmodified code using "pgvector/pgvector:pg15" also finds it
# locally (Testcontainers' default pull policy only pulls when the image is absent). "" = no alias.
ALIAS="${CE_IMAGE_ALIAS-docker.io/pgvector/pgvector:pg15}"
SOCK="${CE_SOCK:-/run/podman/podman.sock}"
WORK="${CE_WORK:-/var/tmp/container-engine}"      # build dir, service log, lock
MIRROR="${CE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PGVECTOR_VERSION="${CE_PGVECTOR_VERSION:-}"        # e.g. 0.8.0-1; empty = what trixie has
PG=15

T0=$(date +%s.%N)
log()  { printf '[container-engine %s] %s\n' "$(date +%T)" "$*" >&2; }
die()  { log "ERROR: $*"; exit 1; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f s", b-a}'; }
step() { local t; t=$(date +%s.%N); log "$1 ..."; shift; "$@"; log "  done in $(since "$t")"; }

[ "$(id -u)" = 0 ] || die "run as root"
trap 'log "ERROR: command failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR
exec 3>&1 1>&2                                     # fd 3 = real stdout (only the exports go there)
mkdir -p "$WORK"
exec 9>"$WORK/.lock"; flock 9                      # serialise concurrent runs

# ---------------------------------------------------------------- 1. packages
PKGS=(podman runc debootstrap curl)
install_pkgs() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${PKGS[@]}" >/dev/null
}
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then step "apt-get install ${PKGS[*]} (missing: ${missing[*]})" install_pkgs
else log "packages present: ${PKGS[*]}"; fi

# ---------------------------------------------------------------- 2. containers.conf
# crun fails on this kernel ("cgroups in hybrid mode not supported"); podman's default ulimits
# exceed the VM's hard limits (setrlimit EPERM), so pin runc and small ulimits.
CONF=/etc/containers/containers.conf
WANT='[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]
[engine]
runtime = "runc"'
if [ "$(cat "$CONF" 2>/dev/null || true)" != "$WANT" ]; then
    mkdir -p /etc/containers
    [ -e "$CONF" ] && [ ! -e "$CONF.orig" ] && cp -p "$CONF" "$CONF.orig"
    printf '%s\n' "$WANT" > "$CONF"
    log "wrote $CONF"
else log "$CONF already configured"; fi

# ---------------------------------------------------------------- 3. image
R="$WORK/rootfs"
umount_rootfs() { if mountpoint -q "$R/proc" 2>/dev/null; then umount -l "$R/proc"; fi; }
in_root() {   # run a shell snippet inside the rootfs with a clean env
    chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive bash -Eeuo pipefail -c "$1"
}

do_debootstrap() {
    umount_rootfs; rm -rf --one-file-system "$R"
    debootstrap --variant=minbase bookworm "$R" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 \
        || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
}

do_postgres() {
    cat > "$R/etc/dpkg/dpkg.cfg.d/01-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
EOF
    cat > "$R/etc/apt/apt.conf.d/01-slim" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
APT::Sandbox::User "root";
Dpkg::Use-Pty "0";
EOF
    cat > "$R/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb ${MIRROR%/debian}/debian-security bookworm-security main
EOF
    # pgvector is not in bookworm; its source package comes from trixie (source only)
    echo "deb-src $MIRROR trixie main" > "$R/etc/apt/sources.list.d/pgvector-src.list"
    printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod 755 "$R/usr/sbin/policy-rc.d"
    mountpoint -q "$R/proc" || mount -t proc proc "$R/proc"
    in_root "
        apt-get update -qq
        apt-get install -y -qq postgresql-common >/dev/null
        sed -ri 's/^#?(create_main_cluster) .*/\1 = false/' /etc/postgresql-common/createcluster.conf
        apt-get install -y -qq postgresql-$PG >/dev/null"
}

do_pgvector() {
    in_root "
        apt-get install -y -qq make gcc libc6-dev postgresql-server-dev-$PG >/dev/null
        rm -rf /tmp/pgv && mkdir /tmp/pgv && cd /tmp/pgv
        apt-get source -qq --download-only pgvector${PGVECTOR_VERSION:+=$PGVECTOR_VERSION}
        tar xzf pgvector_*.orig.tar.gz && cd pgvector-*/
        # OPTFLAGS='' : no -march=native, so the image runs on any x86-64 CPU (as Debian builds it)
        make -s -j\$(nproc) OPTFLAGS='' PG_CONFIG=/usr/lib/postgresql/$PG/bin/pg_config >/dev/null
        make -s install PG_CONFIG=/usr/lib/postgresql/$PG/bin/pg_config >/dev/null
        apt-get purge -y -qq --auto-remove make gcc libc6-dev postgresql-server-dev-$PG >/dev/null
        rm -rf /tmp/pgv /etc/apt/sources.list.d/pgvector-src.list /usr/include/postgresql
        test -f /usr/lib/postgresql/$PG/lib/vector.so
        grep -h default_version /usr/share/postgresql/$PG/extension/vector.control"
}

write_entrypoint() {
    cat > "$R/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/bash
# Minimal stand-in for the official postgres image entrypoint (the contract Testcontainers'
# PostgreSQLContainer relies on): env POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB, optional
# POSTGRES_HOST_AUTH_METHOD/POSTGRES_INITDB_ARGS, /docker-entrypoint-initdb.d/*.sql|*.sh,
# a temporary init server followed by the real one, so the line
# "database system is ready to accept connections" is logged twice on first start.
set -Eeuo pipefail
export PATH="/usr/lib/postgresql/15/bin:$PATH"
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

# "docker run IMAGE -c foo=bar" -> "postgres -c foo=bar"
if [ "$#" -eq 0 ] || [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi

if [ "$1" = 'postgres' ] && [ "$(id -u)" = '0' ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"; chmod 3777 /var/run/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ "$1" = 'postgres' ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    POSTGRES_USER="${POSTGRES_USER:-postgres}"
    POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
    AUTH="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$AUTH" != 'trust' ]; then
        echo >&2 'error: POSTGRES_PASSWORD is empty (set it, or POSTGRES_HOST_AUTH_METHOD=trust)'; exit 1
    fi
    pwfile="$(mktemp)"; printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$pwfile"
    # --no-sync: throwaway test database (Testcontainers also runs it with fsync=off)
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host="$AUTH" \
           --encoding=UTF8 --locale=C.UTF-8 --no-sync ${POSTGRES_INITDB_ARGS:-}
    rm -f "$pwfile"
    printf "host all all all %s\n" "$AUTH" >> "$PGDATA/pg_hba.conf"
    printf "listen_addresses = '*'\n" >> "$PGDATA/postgresql.conf"

    # temporary server: unix socket only, so nothing outside sees it before init is done
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -p 5432" start
    export PGUSER="$POSTGRES_USER" PGHOST=/var/run/postgresql PGPORT=5432
    if [ "$POSTGRES_DB" != 'postgres' ]; then
        psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname postgres --set db="$POSTGRES_DB" \
             <<< 'CREATE DATABASE :"db";'
    fi
    # shellcheck source=/dev/null
    for f in /docker-entrypoint-initdb.d/*; do
        case "$f" in
            *.sh)  echo "running $f"; . "$f" ;;
            *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname "$POSTGRES_DB" -f "$f" ;;
            *) if [ -e "$f" ]; then echo "ignoring $f"; fi ;;
        esac
    done
    unset PGUSER PGHOST PGPORT
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo 'PostgreSQL init process complete; ready for start up.'
fi

exec "$@"
ENTRYPOINT
    chmod 755 "$R/usr/local/bin/docker-entrypoint.sh"
    mkdir -p "$R/docker-entrypoint-initdb.d" "$R/var/run/postgresql"
    in_root "chown postgres:postgres /var/run/postgresql; chmod 3777 /var/run/postgresql
             bash -n /usr/local/bin/docker-entrypoint.sh"
}

do_cleanup() {
    in_root "apt-get clean"
    umount_rootfs
    rm -rf "$R"/usr/share/doc/* "$R"/usr/share/man/* "$R"/usr/share/info/* "$R"/usr/share/locale/* \
           "$R"/usr/share/lintian "$R"/var/cache/apt/* "$R"/var/lib/apt/lists/* "$R"/var/cache/debconf/*-old \
           "$R"/var/log/*.log "$R"/var/log/apt/* "$R"/tmp/* "$R"/usr/sbin/policy-rc.d
    : > "$R/etc/resolv.conf"            # podman provides its own at run time
}

do_entrypoint_and_cleanup() { write_entrypoint; do_cleanup; }

do_import() {
    tar -C "$R" --numeric-owner --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . |
    podman import \
        --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
        --change 'CMD ["postgres"]' \
        --change "ENV PATH=/usr/lib/postgresql/$PG/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        --change 'ENV LANG=C.UTF-8' \
        --change 'ENV PGDATA=/var/lib/postgresql/data' \
        --change 'EXPOSE 5432' \
        --change 'STOPSIGNAL SIGINT' \
        - "$IMAGE" >/dev/null
    rm -rf --one-file-system "$R"
}

if podman image exists "$IMAGE"; then
    log "image $IMAGE present"
else
    tb=$(date +%s.%N)
    trap umount_rootfs EXIT
    step "debootstrap minbase bookworm"                 do_debootstrap
    step "install postgresql-$PG in rootfs"             do_postgres
    step "build pgvector in rootfs, purge build deps"   do_pgvector
    step "entrypoint + cleanup"                         do_entrypoint_and_cleanup
    step "podman import ($(du -sh "$R" | cut -f1))"     do_import
    trap - EXIT
    log "image $IMAGE built in $(since "$tb")"
fi
if [ -n "$ALIAS" ] && [ "$(podman image inspect -f '{{.Id}}' "$ALIAS" 2>/dev/null || true)" != \
                       "$(podman image inspect -f '{{.Id}}' "$IMAGE")" ]; then
    podman tag "$IMAGE" "$ALIAS"; log "tagged $IMAGE as $ALIAS"
fi

# ---------------------------------------------------------------- 4. Docker API service
ping_sock() { curl -sf --max-time 2 --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; }
if ping_sock; then
    log "podman API already answering on $SOCK"
else
    t=$(date +%s.%N)
    mkdir -p "$(dirname "$SOCK")"; rm -f "$SOCK"
    # fds 3 and 9 closed: the daemon must not hold the lock or the caller's $(...) pipe open; started from / because
    # it outlives the caller, whose directory may be deleted (conmon then fails: "Failed to get working directory")
    (cd / && exec setsid nohup podman system service --time=0 "unix://$SOCK" \
        > "$WORK/podman-service.log" 2>&1 < /dev/null 3>&- 9>&-) &
    echo $! > "$WORK/podman-service.pid"
    for _ in $(seq 1 150); do ping_sock && break; sleep 0.2; done
    ping_sock || { tail -20 "$WORK/podman-service.log" >&2; die "podman API did not come up on $SOCK"; }
    log "podman API service started (pid $(cat "$WORK/podman-service.pid"), log $WORK/podman-service.log) in $(since "$t")"
fi

log "total $(since "$T0")"
cat >&3 <<EOF
export DOCKER_HOST=unix://$SOCK
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_CHECKS_DISABLE=true
EOF
