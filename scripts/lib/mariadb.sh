#!/usr/bin/env bash
# A throwaway MariaDB 10.11 server for tests, listening only on a unix socket in DIR.
#   mariadb.sh start DIR   -> prints a URI (mysql://jobmond@localhost/jobmond_test?unix_socket=...)
#   mariadb.sh uri DIR     -> prints the URI of the server running in DIR
#   mariadb.sh stop DIR    -> stops the server and removes DIR
#   mariadb.sh pause DIR   -> stops the server, keeping its data (outage tests)
#   mariadb.sh resume DIR  -> starts a paused server again
# Needs Debian's mariadb-server. The server runs as the package's `mysql` user when started by
# root (mariadbd refuses root), otherwise as the invoking user. The account `jobmond` has no
# password: safe because there is no TCP listener and DIR is the socket's only way in. Test
# suites create and drop their own databases on it. Durability is off (one test run's data):
# no binary log, no doublewrite, the redo log flushed about once a second.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|uri|stop|pause|resume DIR" >&2; exit 2; }
dir="$(realpath -m -- "$dir")"
sock="$dir/mysqld.sock"
uri="mysql://jobmond@localhost/jobmond_test?unix_socket=$sock"

run_user() { if [ "$(id -u)" -eq 0 ]; then echo mysql; else id -un; fi; }

start_server() {
  # setsid: the server outlives this script (and is stopped through its pid file).
  setsid /usr/sbin/mariadbd --no-defaults --user="$(run_user)" --datadir="$dir/data" \
    --socket="$sock" --pid-file="$dir/mysqld.pid" --log-error="$dir/server.log" \
    --skip-networking --skip-log-bin --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --default-time-zone=+00:00 --max-connections=400 \
    --innodb-buffer-pool-size=256M --innodb-log-file-size=128M \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --sync-binlog=0 \
    --innodb-lock-wait-timeout=10 \
    </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 300); do
    if [ -S "$sock" ] && mariadb-admin --no-defaults --socket="$sock" -u root ping \
        >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "MariaDB did not start in 30 s:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
}

stop_server() {
  local pid
  pid="$(cat "$dir/mysqld.pid" 2>/dev/null || true)"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

case "$cmd" in
  start)
    [ -x /usr/sbin/mariadbd ] || {
      echo "MariaDB is not installed (apt-get install mariadb-server)" >&2; exit 1; }
    if [ $(( ${#sock} )) -gt 107 ]; then
      echo "socket path too long for a unix socket: $sock" >&2; exit 1
    fi
    if [ -e "$dir/data" ]; then
      echo "$dir already holds a server; run '$0 stop $dir' first" >&2; exit 1
    fi
    mkdir -p "$dir/data"
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown -R mysql: "$dir"; fi
    # root: no password (normal authentication), reachable only through the socket.
    mariadb-install-db --no-defaults --user="$(run_user)" --datadir="$dir/data" \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 ||
      { cat "$dir/install.log" >&2; exit 1; }
    start_server
    mariadb --no-defaults --socket="$sock" -u root -e "
      CREATE USER 'jobmond'@'localhost';
      GRANT ALL PRIVILEGES ON *.* TO 'jobmond'@'localhost' WITH GRANT OPTION;
      CREATE DATABASE jobmond_test CHARACTER SET utf8mb4;" ||
      { cat "$dir/server.log" >&2; exit 1; }
    echo "$uri"
    ;;
  uri)
    [ -S "$sock" ] || { echo "no server running in $dir" >&2; exit 1; }
    echo "$uri"
    ;;
  stop)
    stop_server
    rm -rf -- "$dir"
    ;;
  pause)
    stop_server
    ;;
  resume)
    start_server
    ;;
  *) echo "usage: $0 start|uri|stop|pause|resume DIR" >&2; exit 2 ;;
esac
