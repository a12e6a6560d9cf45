#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, listening only on a unix socket in DIR.
#   postgres.sh start DIR   -> prints a URI (postgresql://jobmond@/jobmond_test?host=DIR)
#   postgres.sh uri DIR     -> prints the URI of the cluster running in DIR
#   postgres.sh stop DIR    -> stops the server and removes DIR
#   postgres.sh pause DIR   -> stops the server, keeping its data (outage tests)
#   postgres.sh resume DIR  -> starts a paused server again
# Needs Debian's postgresql-15 (binaries in /usr/lib/postgresql/15/bin; /usr/local/bin may hold
# something else). Runs the server as an unprivileged user, since PostgreSQL refuses to run as
# root: the invoking user when not root, otherwise a system user `jobmond-test` created on first
# use. Trust authentication is safe here because only the socket exists (no TCP listener) and
# DIR is the socket's only way in. Test suites create and drop their own databases on it.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|uri|stop|pause|resume DIR" >&2; exit 2; }
bin=/usr/lib/postgresql/15/bin
test_user=jobmond-test
dir="$(realpath -m -- "$dir")"   # the socket directory must be absolute
uri="postgresql://jobmond@/jobmond_test?host=$dir"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$test_user" -- "$@"; else "$@"; fi
}

# No TCP listener; fsync off: this cluster lives for one test run. UTC like jobmond's sessions.
start_server() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
        -c timezone=UTC" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

case "$cmd" in
  start)
    [ -x "$bin/initdb" ] || {
      echo "PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2; exit 1; }
    # sun_path holds 107 bytes: "$dir/.s.PGSQL.5432" must fit.
    if [ $(( ${#dir} + 15 )) -gt 107 ]; then
      echo "socket directory path too long for a unix socket: $dir" >&2; exit 1
    fi
    if [ -e "$dir/data" ]; then
      echo "$dir already holds a cluster; run '$0 stop $dir' first" >&2; exit 1
    fi
    if [ "$(id -u)" -eq 0 ] && ! id "$test_user" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$test_user" 2>/dev/null ||
        id "$test_user" >/dev/null  # a concurrent start may have created it
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown "$test_user" "$dir"
      as_owner test -w "$dir" || {
        echo "$test_user cannot reach $dir (a parent directory is private?); use a dir under /tmp" >&2
        exit 1; }
    fi
    chmod 755 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U jobmond --auth=trust --encoding=UTF8 --no-sync \
      --no-instructions >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    start_server
    as_owner "$bin/psql" -h "$dir" -U jobmond -d postgres -q -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE jobmond_test" >/dev/null
    echo "$uri"
    ;;
  uri)
    [ -S "$dir/.s.PGSQL.5432" ] || { echo "no cluster running in $dir" >&2; exit 1; }
    echo "$uri"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf -- "$dir"
    ;;
  pause)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    start_server
    ;;
  *) echo "usage: $0 start|uri|stop|pause|resume DIR" >&2; exit 2 ;;
esac
