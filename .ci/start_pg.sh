#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the test suite.
#
#   eval "$(bash .ci/start_pg.sh)"          # start; prints export lines on stdout
#   bash .ci/start_pg.sh stop "$HOTLINE_CI_PG_DIR"   # stop it and delete its directory
#
# On success stdout carries exactly:
#   export HOTLINE_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/hotline_test
#   export HOTLINE_CI_PG_DIR=/tmp/hotline-ci-pg.XXXXXX
# All messages go to stderr. If no server can be started the script prints a
# warning, prints nothing on stdout and exits 0: the suite then skips its
# PostgreSQL tests with a reason (HOTLINE_TEST_PG_URL stays unset).
#
# The cluster lives in a fresh temporary directory owned by an unprivileged
# user (initdb refuses to run as root), listens on 127.0.0.1 only, on a free
# port, with trust authentication and fsync off. Override the server binaries
# with PG_BIN=/path/to/bin.
set -uo pipefail

PG_USER_NAME="hotline-ci"   # system user that owns the cluster when we are root
DIR_PREFIX="hotline-ci-pg."

log()  { echo "start_pg: $*" >&2; }
warn() { echo "start_pg: WARNING: $*" >&2; }

# --- locate the server binaries ---------------------------------------------
# Debian's postgresql package puts them in /usr/lib/postgresql/<ver>/bin, which
# is not on PATH; prefer the newest such directory, then PATH.
find_pg_bin() {
    if [[ -n "${PG_BIN:-}" && -x "${PG_BIN}/initdb" ]]; then
        echo "$PG_BIN"; return 0
    fi
    local d best=""
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]] && best="$d"
    done
    if [[ -n "$best" ]]; then echo "$best"; return 0; fi
    local i
    i="$(command -v initdb 2>/dev/null)" || return 1
    i="$(readlink -f "$i")"
    d="$(dirname "$i")"
    [[ -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }
    return 1
}

# --- run a command as the cluster owner ---------------------------------------
PG_OWNER=""
as_owner() {
    if [[ -z "$PG_OWNER" ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$PG_OWNER" -- "$@"
    elif command -v setpriv >/dev/null 2>&1; then
        local uid gid
        uid="$(id -u "$PG_OWNER")"; gid="$(id -g "$PG_OWNER")"
        setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"
    else
        su -s /bin/sh "$PG_OWNER" -c "$(printf '%q ' "$@")"
    fi
}

choose_owner() {
    if [[ "$(id -u)" != "0" ]]; then
        PG_OWNER=""   # already unprivileged: run everything as ourselves
        return 0
    fi
    if ! id -u "$PG_USER_NAME" >/dev/null 2>&1; then
        if command -v useradd >/dev/null 2>&1; then
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$PG_USER_NAME" >/dev/null 2>&1 \
                || warn "could not create system user $PG_USER_NAME"
        fi
    fi
    if id -u "$PG_USER_NAME" >/dev/null 2>&1; then
        PG_OWNER="$PG_USER_NAME"
    elif id -u postgres >/dev/null 2>&1; then
        PG_OWNER="postgres"
    elif id -u nobody >/dev/null 2>&1; then
        PG_OWNER="nobody"
    else
        return 1
    fi
}

free_port() {
    python3 - <<'EOF' 2>/dev/null
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

# Remove leftovers of earlier runs that were killed before their cleanup ran:
# directories older than 6 hours whose postmaster is not running.
reap_stale() {
    local d pid
    for d in /tmp/${DIR_PREFIX}*; do
        [[ -d "$d" ]] || continue
        [[ -n "$(find "$d" -maxdepth 0 -mmin +360 2>/dev/null)" ]] || continue
        pid=""
        [[ -f "$d/data/postmaster.pid" ]] && pid="$(head -n1 "$d/data/postmaster.pid" 2>/dev/null)"
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            continue
        fi
        rm -rf -- "$d" && log "removed stale cluster directory $d"
    done
}

stop_cluster() {
    local dir="${1:-}"
    [[ -n "$dir" && -d "$dir" ]] || return 0
    case "$(basename "$dir")" in
        ${DIR_PREFIX}*) ;;
        *) warn "refusing to remove $dir (not a $DIR_PREFIX* directory)"; return 1 ;;
    esac
    local bin owner
    bin="$(cat "$dir/pg_bin" 2>/dev/null || find_pg_bin || true)"
    if [[ -f "$dir/data/postmaster.pid" && -n "$bin" ]]; then
        owner="$(stat -c %U "$dir/data" 2>/dev/null || true)"
        if [[ "$(id -u)" == "0" && -n "$owner" && "$owner" != "root" ]]; then
            PG_OWNER="$owner"
        fi
        (cd "$dir" && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1) \
            || {
                # last resort: kill the postmaster by its pid
                local pid
                pid="$(head -n1 "$dir/data/postmaster.pid" 2>/dev/null)"
                [[ -n "$pid" ]] && kill -QUIT "$pid" 2>/dev/null
                sleep 1
            }
    fi
    rm -rf -- "$dir"
    log "stopped cluster and removed $dir"
}

if [[ "${1:-}" == "stop" ]]; then
    stop_cluster "${2:-}"
    exit 0
fi

# --- start ------------------------------------------------------------------
give_up() {
    warn "$*"
    warn "no PostgreSQL server for the tests: HOTLINE_TEST_PG_URL stays unset, PostgreSQL tests will be skipped."
    [[ -n "${DIR:-}" ]] && stop_cluster "$DIR" >/dev/null 2>&1
    exit 0
}

BIN="$(find_pg_bin)" || give_up "no initdb/pg_ctl found (install the 'postgresql' package, or set PG_BIN)"
log "using server binaries in $BIN ($("$BIN/postgres" --version 2>/dev/null))"

choose_owner || give_up "running as root and no unprivileged user is available to own the cluster"
[[ -n "$PG_OWNER" ]] && log "cluster owner: $PG_OWNER" || log "cluster owner: $(id -un) (current user)"

reap_stale

# /tmp rather than $TMPDIR: the owner must be able to reach the directory,
# and the socket path must stay short.
DIR="$(mktemp -d "/tmp/${DIR_PREFIX}XXXXXX")" || give_up "cannot create a temporary directory"
chmod 0700 "$DIR"
[[ -n "$PG_OWNER" ]] && chown "$PG_OWNER": "$DIR"
echo "$BIN" > "$DIR/pg_bin" && chmod 0644 "$DIR/pg_bin"

# initdb: C.UTF-8 locale when the system has it, else --no-locale (C, still UTF8 encoding).
init_ok=0
for loc_args in "--locale=C.UTF-8" "--no-locale"; do
    if (cd "$DIR" && as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres \
            --encoding=UTF8 $loc_args >"$DIR/initdb.log" 2>&1); then
        init_ok=1
        log "initdb done ($loc_args)"
        break
    fi
    warn "initdb with $loc_args failed:"
    tail -n 5 "$DIR/initdb.log" >&2
    rm -rf -- "$DIR/data"
done
[[ $init_ok == 1 ]] || give_up "initdb failed"

started=0
for attempt in 1 2 3; do
    PORT="$(free_port)"
    [[ -n "$PORT" ]] || give_up "cannot pick a free port (python3 missing?)"
    if (cd "$DIR" && as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
            -o "-k $DIR -p $PORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1); then
        started=1
        break
    fi
    warn "server did not start on port $PORT (attempt $attempt):"
    tail -n 5 "$DIR/server.log" >&2 2>/dev/null
done
[[ $started == 1 ]] || give_up "pg_ctl start failed"
log "server listening on 127.0.0.1:$PORT (data in $DIR/data)"

PSQL="$BIN/psql"
[[ -x "$PSQL" ]] || PSQL="$(command -v psql || true)"
[[ -n "$PSQL" ]] || give_up "no psql client found"

if ! "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
        -c "CREATE DATABASE hotline_test" </dev/null >&2; then
    give_up "cannot create database hotline_test"
fi

if [[ "$("$PSQL" -X -At -h 127.0.0.1 -p "$PORT" -U postgres -d hotline_test \
        -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'" </dev/null 2>/dev/null)" != "1" ]]; then
    warn "extension pg_trgm is not available on this server (install postgresql-contrib)"
fi

echo "export HOTLINE_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:${PORT}/hotline_test"
echo "export HOTLINE_CI_PG_DIR=${DIR}"
