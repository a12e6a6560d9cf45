#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, listening only on a unix socket in DIR.
#   postgres.sh start DIR   -> prints a URI (postgresql://jobmond@/jobmond_test?host=DIR)
#   postgres.sh stop DIR    -> stops the server and removes DIR
# Runs the server as an unprivileged user (PostgreSQL refuses to run as root): the invoking user
# when not root, otherwise a system user `jobmond-test` created on first use.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u jobmond-test -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ "$(id -u)" -eq 0 ] && ! id jobmond-test >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin jobmond-test
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown jobmond-test "$dir"
    chmod 755 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U jobmond --auth=trust --encoding=UTF8 \
      --no-instructions >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # No TCP listener; fsync off: this cluster lives for one test run.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=200" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/psql" -h "$dir" -U jobmond -d postgres -q -c "CREATE DATABASE jobmond_test" >/dev/null
    echo "postgresql://jobmond@/jobmond_test?host=$dir"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
