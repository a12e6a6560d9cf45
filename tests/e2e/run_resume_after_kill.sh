#!/usr/bin/env bash
# The real client's run() of a workflow whose swarm is SIGKILLed ends up resumable once
# `jobmond reaper` has reaped the dead run (client_resume_after_kill.py says how):
#   run_resume_after_kill.sh JOBMOND_BINARY PLUGIN_DIR ROUTE_PREFIX
# Skipped (exit 77) without the client's sources (client_env.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary="$1"; plugin_dir="$2"; prefix="$3"
# shellcheck source=client_env.sh
source "$here/client_env.sh"
client_env_init

db_file="$work/jobmon.sqlite"
start_jobmond "$binary" --plugin-dir "$plugin_dir" --db "sqlite:///$db_file"
client_env_exports "$prefix"
# A poll every 3 s. The reaper reads the clients' heartbeat settings (exported above): it gives
# up on the dead run's KILL_SELF instance once no worker can see it, 2 x 3.1 x 2 s after it
# entered KILL_SELF (docs/compatibility.md, W2), not after the default interval's 558 s.
(cd "$work" && exec "$binary" reaper --db "sqlite:///$db_file" --poll-interval-minutes 0.05 \
   --reaper-sweep-pause 0 > "$work/reaper.log" 2>&1) &
extra_pids+=($!)
# A run is overdue 31 s after its last heartbeat: longer than the client may go without one
# while it starts its distributor on a busy machine, so that only the killed run is reaped.
export JOBMON__HEARTBEAT__WORKFLOW_RUN_INTERVAL=10
export E2E_DB_FILE="$db_file"
export PYTHONPATH="$PYTHONPATH:$here"
cd "$work"
if ! timeout 400 "$python" "$here/client_resume_after_kill.py"; then
  echo "---- reaper log ----"; cat "$work/reaper.log"
  echo "---- jobmond log (last 60 lines) ----"; tail -n 60 "$work/server.log"
  exit 1
fi
grep "reaped to T" "$work/reaper.log"
errors=$(grep -E " 5[0-9]{2} [0-9.]+ms$" "$work/server.log" || true)
if [ -n "$errors" ]; then
  echo "jobmond answered 5xx:"; echo "$errors" | head -20
  exit 1
fi
