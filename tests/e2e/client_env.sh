# Shared by the e2e scripts that run the real Jobmon client against jobmond (sourced):
#   client_env_init [PYTHON_MODULE...]   the client's sources and Debian packages (exit 77 when
#                                        missing), a work dir $work cleaned up on exit, the
#                                        client's package metadata and console scripts
#   start_jobmond BINARY ARGS...         starts jobmond in $work (output in $work/server.log) and
#                                        sets $server_pid and $port
#   client_env_exports PREFIX            the client's environment for jobmond at $port
# E2E_KEEP_WORK=1 keeps the work directory (jobmond's log, the client's files) for a look after.
# Two client generations, chosen by E2E_CLIENT (default 3.4):
#   3.4  sources in $JOBMON_CLIENT_SRC (a checkout of ihmeuw-scicomp/jobmon at 5a4d2aae;
#        default /work/ref), labelled 3.4.23;
#   3.6  sources in $JOBMON_CLIENT36_SRC (the same repository at 5a5c6cb2; default /work/ref36),
#        labelled 3.6.0.
# The label is the version the client reports in its `client_jobmon_version` query parameter
# (its jobmon_core package's version, read from the package metadata written here). On /api/v3
# jobmond answers `POST /task/get_downstream_tasks` by that version: a JSON string of the edge list
# up to 3.4.23, which the 3.4 client json.loads(), and a JSON array above it, which the 3.6 client
# iterates. A source checkout's own version would mislead it (5a4d2aae describes as 3.4.24.dev46),
# so each generation carries the release version whose contract it speaks.
# The pure-Python packages Debian lacks (docstring_parser) are looked for in
# $JOBMON_CLIENT_PYDEPS (default /work/pydeps).
client_generation="${E2E_CLIENT:-3.4}"
case "$client_generation" in
  3.4) src="${JOBMON_CLIENT_SRC:-/work/ref}"; client_version=3.4.23 ;;
  3.6) src="${JOBMON_CLIENT36_SRC:-/work/ref36}"; client_version=3.6.0 ;;
  *) echo "E2E_CLIENT must be 3.4 or 3.6, not '$client_generation'" >&2; exit 2 ;;
esac
pydeps="${JOBMON_CLIENT_PYDEPS:-/work/pydeps}"
python=/usr/bin/python3
work=""
server_pid=""
extra_pids=()

client_env_cleanup() {
  local pid
  for pid in "${extra_pids[@]}" $server_pid; do
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  done
  if declare -F drop_db >/dev/null; then drop_db; fi
  if [ -n "$work" ] && [ -n "${E2E_KEEP_WORK:-}" ]; then
    echo "work directory kept (E2E_KEEP_WORK): $work"
  elif [ -n "$work" ]; then
    rm -rf "$work"
  fi
}

client_env_init() {
  if [ ! -d "$src/jobmon_core/src/jobmon" ] || [ ! -d "$src/jobmon_client/src/jobmon" ] ||
     [ ! -d "$pydeps/docstring_parser" ] || [ ! -x "$python" ]; then
    echo "SKIPPED: Jobmon $client_generation client sources not found (in $src; pure-Python" \
      "packages in JOBMON_CLIENT_PYDEPS=$pydeps)"
    exit 77
  fi
  local modules="requests, pandas, yaml, tenacity, psutil, aiohttp, sphinx, tabulate, dotenv"
  # 3.6 logs through structlog everywhere and its command line is click's.
  if [ "$client_generation" = 3.6 ]; then modules="$modules, structlog, click"; fi
  local m
  for m in "$@"; do modules="$modules, $m"; done
  if ! "$python" -c "import $modules" 2>/dev/null; then
    echo "SKIPPED: Debian python3 packages for the client are missing ($modules)"
    exit 77
  fi
  work="$(mktemp -d /tmp/jobmond-e2e.XXXXXX)"
  trap client_env_cleanup EXIT
  # Package metadata the client reads for its version, and the console scripts it runs.
  local pkg
  for pkg in jobmon_core jobmon_client; do
    write_dist_info "$pkg" "$client_version"
  done
  mkdir -p "$work/bin"
  printf '#!%s\nfrom jobmon.worker_node.cli import run\nrun()\n' "$python" > "$work/bin/worker_node_entry_point"
  printf '#!%s\nfrom jobmon.distributor.cli import main\nmain()\n' "$python" > "$work/bin/jobmon_distributor"
  chmod +x "$work/bin/"*
}

# write_dist_info NAME VERSION: package metadata importlib.metadata finds on $work/site.
write_dist_info() {
  mkdir -p "$work/site/$1-$2.dist-info"
  printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$1" "$2" > "$work/site/$1-$2.dist-info/METADATA"
}

start_jobmond() {
  local binary="$1"; shift
  : > "$work/server.log"  # exists before the loop below reads it
  (cd "$work" && exec "$binary" --port 0 "$@" > "$work/server.log" 2>&1) &
  server_pid=$!
  port=""
  for _ in $(seq 1 300); do
    port="$(sed -n 's|.*jobmond listening on http://[^:]*:\([0-9]*\).*|\1|p' "$work/server.log" | head -n1)"
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "jobmond did not start:"; cat "$work/server.log"; exit 1
}

client_env_exports() {
  export PATH="$work/bin:$PATH"
  export PYTHONPATH="$src/jobmon_core/src:$src/jobmon_client/src:$pydeps:$work/site"
  export JOBMON__HTTP__SERVICE_URL="http://127.0.0.1:$port"
  export JOBMON__HTTP__ROUTE_PREFIX="$1"
  export JOBMON__HTTP__RETRIES_TIMEOUT=30
  export JOBMON__DISTRIBUTOR__POLL_INTERVAL=1
  export JOBMON__HEARTBEAT__WORKFLOW_RUN_INTERVAL=2
  export JOBMON__HEARTBEAT__TASK_INSTANCE_INTERVAL=2
}
