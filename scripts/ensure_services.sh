#!/usr/bin/env bash
# Makes sure a local service the test suite needs is answering, starting it if it is installed
# but down. Usage: scripts/ensure_services.sh postgres|redis [...]
# Exit 0 when every named service answers; 1 (with the reason on stderr) otherwise.
# Hosts and ports come from PGHOST/PGPORT and REDIS_HOST/REDIS_PORT (defaults 127.0.0.1, 5432, 6379).
set -u

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"
WAIT_SECONDS="${SERVICE_WAIT_SECONDS:-30}"

say() { echo "ensure_services: $*" >&2; }

port_open() {  # host port
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

postgres_up() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$PGHOST" -p "$PGPORT"
    else
        port_open "$PGHOST" "$PGPORT"
    fi
}

redis_up() {
    if command -v redis-cli >/dev/null 2>&1; then
        [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
    else
        port_open "$REDIS_HOST" "$REDIS_PORT"
    fi
}

wait_for() {  # name check-function
    local waited=0
    while ! "$2"; do
        if [ "$waited" -ge "$WAIT_SECONDS" ]; then
            say "$1 did not answer within ${WAIT_SECONDS}s."
            return 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

ensure_postgres() {
    postgres_up && return 0
    say "PostgreSQL is not answering on $PGHOST:$PGPORT; trying to start it."
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /etc/postgresql ]; then
        say "PostgreSQL is not installed here (no pg_ctlcluster or /etc/postgresql)."
        return 1
    fi
    local version
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    if [ -z "$version" ]; then
        say "No PostgreSQL cluster is configured under /etc/postgresql."
        return 1
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || {
        say "pg_ctlcluster $version main start failed."
        return 1
    }
    wait_for PostgreSQL postgres_up && say "PostgreSQL $version started."
}

ensure_redis() {
    redis_up && return 0
    say "Redis is not answering on $REDIS_HOST:$REDIS_PORT; trying to start it."
    if ! command -v redis-server >/dev/null 2>&1; then
        say "Redis is not installed here (no redis-server)."
        return 1
    fi
    redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" \
        --save '' --appendonly no >&2 || {
        say "redis-server failed to start."
        return 1
    }
    wait_for Redis redis_up && say "Redis started."
}

[ "$#" -gt 0 ] || { say "usage: $0 postgres|redis [...]"; exit 2; }
status=0
for service in "$@"; do
    case "$service" in
        postgres) ensure_postgres || status=1 ;;
        redis) ensure_redis || status=1 ;;
        *) say "unknown service '$service'"; exit 2 ;;
    esac
done
exit "$status"
