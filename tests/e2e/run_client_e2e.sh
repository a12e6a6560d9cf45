#!/usr/bin/env bash
# The final judge: the real Jobmon client (jobmon_core + jobmon_client sources) against jobmond.
#
#   run_client_e2e.sh JOBMOND_BINARY PLUGIN_DIR ROUTE_PREFIX [jobmond flags...]
#
# E2E_CLIENT chooses the client generation, 3.4 (default) or 3.6 (client_env.sh says where their
# sources are and which version each reports). E2E_SCENARIO chooses what it does:
#   workflow    (default) binds and runs a small workflow with the sequential distributor, then the
#               `jobmon` command-line tool's calls on it (client_workflow.py, client_cli.py);
#   resume_dag  a workflow whose upstream task fails, resumed from the database: the DAG order
#               must be kept (client_resume_dag.py);
#   admin_kill  a workflow of the 3.6 client (multiprocess distributor) killed mid-run through
#               POST /api/admin/workflow/{id}/kill: its workers stop, run() returns, the status
#               history shows every change and who made it (client_admin_kill.py). jobmond runs
#               with `--plugins v2,v3,compat,admin --admin-open true`; the scenario reads the
#               database through SQLAlchemy (E2E_DB_URI).
#
# With E2E_AUTH=bearer jobmond requires a bearer token on v3: the client reaches it through
# scripts/jobmon-auth-proxy with a token from scripts/jobmon-mint-token, as docs/auth.md tells users.
#
# With E2E_BACKEND=postgresql the server runs on a fresh database of the throwaway cluster named
# by $JOBMON_TEST_POSTGRES_URI, with E2E_BACKEND=mysql on one of the throwaway MariaDB named by
# $JOBMON_TEST_MYSQL_URI (scripts/test starts both); otherwise on a SQLite file.
#
# The client's sources are not part of this repository (client_env.sh: $JOBMON_CLIENT_SRC,
# $JOBMON_CLIENT36_SRC, $JOBMON_CLIENT_PYDEPS). Without them the test is skipped (exit 77).
# Debian's python3 runs it, with Debian packages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary="$1"; plugin_dir="$2"; prefix="$3"; shift 3
case "${E2E_SCENARIO:-workflow}" in
  workflow) scenario=client_workflow.py ;;
  resume_dag) scenario=client_resume_dag.py ;;
  admin_kill) scenario=client_admin_kill.py ;;
  *) echo "E2E_SCENARIO must be workflow, resume_dag or admin_kill" >&2; exit 2 ;;
esac
scenario_modules=()
scenario_flags=()
if [ "${E2E_SCENARIO:-}" = admin_kill ]; then
  scenario_modules=(sqlalchemy)
  case "${E2E_BACKEND:-sqlite}" in
    postgresql) scenario_modules+=(psycopg2) ;;
    mysql) scenario_modules+=(pymysql) ;;
  esac
  scenario_flags=(--plugins v2,v3,compat,admin --admin-open true)
fi
# shellcheck source=client_env.sh
source "$here/client_env.sh"
client_env_init "${scenario_modules[@]}"

db_uri="sqlite:///$work/jobmon.sqlite"
if [ "${E2E_BACKEND:-sqlite}" = postgresql ]; then
  if [ -z "${JOBMON_TEST_POSTGRES_URI:-}" ]; then
    echo "SKIPPED: JOBMON_TEST_POSTGRES_URI is not set"; exit 77
  fi
  # postgresql://USER@/DB?host=SOCKET_DIR, as scripts/lib/postgres.sh prints it.
  pg_user="$(sed -n 's|^postgresql://\([^@:]*\).*|\1|p' <<<"$JOBMON_TEST_POSTGRES_URI")"
  pg_host="$(sed -n 's|.*[?&]host=\([^&]*\).*|\1|p' <<<"$JOBMON_TEST_POSTGRES_URI")"
  pg_db="jobmond_e2e_$$"
  psql -h "$pg_host" -U "$pg_user" -d postgres -q -c "CREATE DATABASE $pg_db" >/dev/null
  db_uri="postgresql://$pg_user@/$pg_db?host=$pg_host"
  drop_db() { psql -h "$pg_host" -U "$pg_user" -d postgres -q -c "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true; }
fi
if [ "${E2E_BACKEND:-sqlite}" = mysql ]; then
  if [ -z "${JOBMON_TEST_MYSQL_URI:-}" ]; then
    echo "SKIPPED: JOBMON_TEST_MYSQL_URI is not set"; exit 77
  fi
  # mysql://USER@localhost/DB?unix_socket=SOCKET, as scripts/lib/mariadb.sh prints it; the
  # server gets the form operators have in JOBMON__DB__SQLALCHEMY_DATABASE_URI.
  my_user="$(sed -n 's|^mysql://\([^@:]*\).*|\1|p' <<<"$JOBMON_TEST_MYSQL_URI")"
  my_socket="$(sed -n 's|.*[?&]unix_socket=\([^&]*\).*|\1|p' <<<"$JOBMON_TEST_MYSQL_URI")"
  my_db="jobmond_e2e_$$"
  mariadb --no-defaults -S "$my_socket" -u "$my_user" -e "CREATE DATABASE $my_db"
  db_uri="mysql+pymysql://$my_user@localhost/$my_db?unix_socket=$my_socket"
  drop_db() { mariadb --no-defaults -S "$my_socket" -u "$my_user" -e "DROP DATABASE IF EXISTS $my_db" >/dev/null 2>&1 || true; }
fi
auth_flags=()
if [ "${E2E_AUTH:-}" = bearer ]; then
  head -c 48 /dev/urandom | base64 > "$work/jwt.secret"
  auth_flags=(--auth-mode bearer --auth-jwt-secret-file "$work/jwt.secret" --auth-jwt-audience jobmon)
fi
start_jobmond "$binary" "${auth_flags[@]}" "${scenario_flags[@]}" --plugin-dir "$plugin_dir" \
  --db "$db_uri" "$@"

service_url="http://127.0.0.1:$port"
if [ "${E2E_AUTH:-}" = bearer ]; then
  scripts="$here/../../scripts"
  # The workflow run's user is the OS login name; the token's user must be the same to own it.
  "$python" "$scripts/jobmon-mint-token" --secret-file "$work/jwt.secret" \
    --email "$(id -un)@example.org" --audience jobmon --ttl 900 > "$work/token"
  : > "$work/proxy.log"
  "$python" "$scripts/jobmon-auth-proxy" --upstream "$service_url" --token-file "$work/token" \
    --listen 127.0.0.1:0 > "$work/proxy.log" 2>&1 &
  proxy_pid=$!
  extra_pids+=("$proxy_pid")
  proxy_port=""
  for _ in $(seq 1 100); do
    proxy_port="$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\).*|\1|p' "$work/proxy.log" | head -n1)"
    [ -n "$proxy_port" ] && break
    sleep 0.1
  done
  if [ -z "$proxy_port" ]; then echo "auth proxy did not start:"; cat "$work/proxy.log"; exit 1; fi
  # Without the proxy, v3 refuses the client: the token is what lets it in.
  code="$("$python" -c 'import sys, urllib.request, urllib.error
try: print(urllib.request.urlopen(sys.argv[1]).status)
except urllib.error.HTTPError as e: print(e.code)' "$service_url$prefix/health")"
  if [ "$prefix" = /api/v3 ] && [ "$code" != 401 ]; then echo "expected 401 without a token, got $code"; exit 1; fi
  service_url="http://127.0.0.1:$proxy_port"
fi

client_env_exports "$prefix"
export JOBMON__HTTP__SERVICE_URL="$service_url"  # through the auth proxy, when there is one
export E2E_DB_URI="$db_uri"
cd "$work"
if ! timeout 420 "$python" "$here/$scenario"; then
  echo "---- jobmond log (last 80 lines) ----"
  tail -n 80 "$work/server.log"
  exit 1
fi
# The client retries 5xx answers, so a run can succeed over server errors: those fail the test.
requests=$(grep -cE " [0-9]{3} [0-9.]+ms$" "$work/server.log" || true)
errors=$(grep -E " (5[0-9]{2}|401|403) [0-9.]+ms$" "$work/server.log" | grep -v "/health " || true)
if [ -n "$errors" ]; then
  echo "jobmond answered 5xx (or refused authentication) during the run:"; echo "$errors" | head -20
  exit 1
fi
echo "$requests requests, no server errors"
