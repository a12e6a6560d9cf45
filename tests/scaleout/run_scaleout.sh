#!/usr/bin/env bash
# The scale-out test: three jobmond replicas on loopback sharing one PostgreSQL, behind nginx
# (least_conn, keepalive), driven by a bounded load generator (load.py: many workflows through
# their lifecycle, kills, errors and heartbeats racing on shared Tasks). Mid-run one replica is
# SIGKILLed and restarted, and the database is stopped for two seconds and started again. Then
# the database is checked for the invariants of docs/deployment.md.
#
#   run_scaleout.sh JOBMOND_BINARY PLUGIN_DIR [WORKFLOWS TASKS]
#
# Needs nginx (Debian nginx-light) and PostgreSQL 15; skipped (exit 77) without them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
binary="$1"; plugin_dir="$2"; workflows="${3:-24}"; tasks="${4:-20}"
[ -x /usr/sbin/nginx ] || { echo "SKIPPED: nginx is not installed"; exit 77; }
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "SKIPPED: PostgreSQL 15 is not installed"; exit 77; }

work="$(mktemp -d /tmp/jobmond-scale.XXXXXX)"
chmod 755 "$work"  # the PostgreSQL and nginx users must reach their folders in it
pids=()
nginx_pid=""
cleanup() {
  for pid in "${pids[@]}" $nginx_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}" $nginx_pid; do wait "$pid" 2>/dev/null || true; done
  bash "$root/scripts/lib/postgres.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

uri="$(bash "$root/scripts/lib/postgres.sh" start "$work/pg")"
pg_host="$work/pg"
psql_q() { psql -h "$pg_host" -U jobmond -d jobmond_test -At -v ON_ERROR_STOP=1 -c "$1"; }

# Four free loopback ports: three replicas and the balancer.
read -r -a ports <<<"$(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')"

start_replica() {  # start_replica INDEX
  local i="$1"
  "$binary" --port "${ports[$i]}" --plugin-dir "$plugin_dir" --plugins v2 --db "$uri" \
    --pool-size 6 --threads 4 --log-level warning >>"$work/replica$i.log" 2>&1 &
  pids[$i]=$!
  for _ in $(seq 1 100); do
    grep -q "listening on" "$work/replica$i.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "replica $i did not start:"; cat "$work/replica$i.log"; exit 1
}
for i in 0 1 2; do start_replica "$i"; done

user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  upstream jobmond {
    least_conn;
    server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${ports[2]} max_fails=1 fail_timeout=2s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${ports[3]};
    client_max_body_size 64m;
    location / {
      proxy_pass http://jobmond;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 120s;
      proxy_next_upstream error timeout non_idempotent;
    }
  }
}
CONF
/usr/sbin/nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' 2>>"$work/nginx-error.log" &
nginx_pid=$!
for _ in $(seq 1 100); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1])" \
    "http://127.0.0.1:${ports[3]}/api/v2/health" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "load: $workflows workflows x $tasks tasks through nginx on port ${ports[3]}"
python3 "$here/load.py" "http://127.0.0.1:${ports[3]}" "$workflows" "$tasks" "$work/result.json" \
  >"$work/load.out" 2>&1 &
load_pid=$!

# Faults, mid-run: a replica killed outright and restarted, then a database outage.
sleep 2
echo "SIGKILL replica 1 and restart it"
kill -9 "${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true
sleep 1
start_replica 1
sleep 2
echo "database outage: 2 s"
bash "$root/scripts/lib/postgres.sh" pause "$work/pg"
sleep 2
bash "$root/scripts/lib/postgres.sh" resume "$work/pg"

status=0
wait "$load_pid" || status=$?
cat "$work/load.out"
if [ "$status" -ne 0 ]; then
  echo "FAIL: the load generator reported failures"
  for i in 0 1 2; do echo "-- replica $i"; tail -n 20 "$work/replica$i.log"; done
  exit 1
fi

python3 - "$work/result.json" <<'PY' >"$work/expected.sql"
import json, sys
r = json.load(open(sys.argv[1]))
bad = {k: v for k, v in r["responses"].items() if k not in ("200", "423", "503")}
if bad:
    sys.exit(f"FAIL: answers other than 200, 423 and 503: {bad}")
print("CREATE TEMP TABLE ack (ti int, call text, status text);")
for ti, call, answer in r["acknowledged"]:
    if ti is not None and isinstance(answer, dict) and "status" in answer:
        print(f"INSERT INTO ack VALUES ({ti}, '{call}', '{answer['status']}');")
PY

check() {  # check NAME SQL: the query must return 0
  local n
  n="$(psql -h "$pg_host" -U jobmond -d jobmond_test -At -v ON_ERROR_STOP=1 -q \
        -f "$work/expected.sql" -c "$2" | tail -n1)"
  if [ "$n" != 0 ]; then echo "FAIL: $1 ($n)"; status=1; else echo "ok: $1"; fi
}
check "every acknowledged done is DONE, with its Task" \
  "SELECT count(*) FROM ack a JOIN task_instance ti ON ti.id = a.ti JOIN task t ON t.id = ti.task_id
   WHERE a.call = 'done' AND a.status = 'D' AND (ti.status <> 'D' OR t.status <> 'D')"
check "every acknowledged error left exactly one error-log row" \
  "SELECT count(*) FROM ack a WHERE a.call = 'error' AND a.status = 'E' AND (SELECT count(*) FROM
   task_instance_error_log l WHERE l.task_instance_id = a.ti AND l.description LIKE 'scale-out error%') <> 1"
check "no duplicate error-log rows" \
  "SELECT count(*) FROM (SELECT task_instance_id, description FROM task_instance_error_log
   GROUP BY 1, 2 HAVING count(*) > 1) d"
check "no ERROR_FATAL Task with a live instance" \
  "SELECT count(*) FROM task t JOIN task_instance ti ON ti.task_id = t.id
   WHERE t.status = 'F' AND ti.status IN ('Q', 'I', 'O', 'R')"
check "a DONE Task has exactly one DONE instance" \
  "SELECT count(*) FROM task t WHERE t.status = 'D' AND
   (SELECT count(*) FROM task_instance ti WHERE ti.task_id = t.id AND ti.status = 'D') <> 1"
check "a DONE instance's Task is DONE" \
  "SELECT count(*) FROM task_instance ti JOIN task t ON t.id = ti.task_id
   WHERE ti.status = 'D' AND t.status <> 'D'"
# Whatever the order of a workflow's reports and its kill, each (instance, Task) pair ends as
# one of: done (D, D), failed and to be retried (E, G), or killed (F, F).
check "every instance/Task pair ends in a state some serial order produces" \
  "SELECT count(*) FROM task_instance ti JOIN task t ON t.id = ti.task_id
   WHERE (ti.status, t.status) NOT IN (('D', 'D'), ('E', 'G'), ('F', 'F'))"
check "every instance was instantiated (one batch per array, no gaps)" \
  "SELECT count(*) FROM task_instance WHERE status IN ('Q', 'I')"
check "every Task of the run has its instance" \
  "SELECT count(*) FROM task t WHERE NOT EXISTS (SELECT 1 FROM task_instance ti WHERE ti.task_id = t.id)"
echo "instances by status: $(psql_q "SELECT string_agg(status || '=' || n, ' ') FROM
  (SELECT status, count(*) n FROM task_instance GROUP BY status ORDER BY status) s")"
echo "tasks by status: $(psql_q "SELECT string_agg(status || '=' || n, ' ') FROM
  (SELECT status, count(*) n FROM task GROUP BY status ORDER BY status) s")"
exit "$status"
