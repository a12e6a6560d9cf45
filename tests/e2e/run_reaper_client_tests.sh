#!/usr/bin/env bash
# The Jobmon client's own workflow reaper tests (tests/workflow_reaper/test_workflow_reaper.py in
# its sources: the Python reaper of version V, in-process, against the server) run against
# jobmond started with --jobmon-server-version V, so that the Python reaper finds jobmond's runs:
#   run_reaper_client_tests.sh JOBMOND_BINARY PLUGIN_DIR ROUTE_PREFIX
# The reaper's package (jobmon_server) comes from the same sources; its version V is whatever
# its package metadata here says (3.4.0). Skipped (exit 77) without the sources or Debian's
# python3-pytest, python3-sqlalchemy and python3-mock.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary="$1"; plugin_dir="$2"; prefix="$3"
# shellcheck source=client_env.sh
source "$here/client_env.sh"
client_env_init pytest sqlalchemy mock
tests="$src/tests/workflow_reaper/test_workflow_reaper.py"
if [ ! -f "$tests" ] || [ ! -d "$src/jobmon_server/src/jobmon/server/workflow_reaper" ]; then
  echo "SKIPPED: $tests or the reaper's sources not found"; exit 77
fi
version=3.4.0
mkdir -p "$work/site/jobmon_server-$version.dist-info"
printf 'Metadata-Version: 2.1\nName: jobmon_server\nVersion: %s\n' "$version" \
  > "$work/site/jobmon_server-$version.dist-info/METADATA"

db_uri="sqlite:///$work/jobmon.sqlite"
start_jobmond "$binary" --plugin-dir "$plugin_dir" --db "$db_uri" --jobmon-server-version "$version"
client_env_exports "$prefix"
export PYTHONPATH="$PYTHONPATH:$src/jobmon_server/src:$here/reaper_client"
export JOBMON__DB__SQLALCHEMY_DATABASE_URI="$db_uri"
export JOBMON__REAPER__POLL_INTERVAL_MINUTES=5
export JOBMON__HEARTBEAT__REPORT_BY_BUFFER=3.1
cd "$work"
if ! timeout 600 "$python" -m pytest -p jobmond_reaper_fixtures --noconftest -p no:cacheprovider \
     -q "$tests"; then
  echo "---- jobmond log (last 60 lines) ----"
  tail -n 60 "$work/server.log"
  exit 1
fi
errors=$(grep -E " 5[0-9]{2} [0-9.]+ms$" "$work/server.log" | grep -v "/health " || true)
if [ -n "$errors" ]; then
  echo "jobmond answered 5xx during the tests:"; echo "$errors" | head -20
  exit 1
fi
