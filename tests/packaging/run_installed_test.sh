#!/usr/bin/env bash
# The .deb installed as an operator installs it, and served as the service serves:
#   run_installed_test.sh DEB_DIR
# installs the package with dpkg -i into a root of the test's own, an overlay of this machine's /
# in a private mount namespace (its Depends resolve against what is installed here, and nothing
# here changes; run_package_test.sh checks they cover what jobmond loads), so that postinst runs
# for real: the jobmond user, /var/lib/jobmond, the settings file given to root:jobmond 0640.
# Then jobmond serves as the jobmond user, configured only by /etc/jobmond/jobmond.env (as
# systemd's EnvironmentFile does; the test edits the file as an operator would): the SQLite default
# in /var/lib/jobmond, then PostgreSQL ($JOBMON_TEST_POSTGRES_URI) and MariaDB
# ($JOBMON_TEST_MYSQL_URI), each in a fresh database, when those are set. Needs root and mount
# namespaces; without them it says so and exits 77 (skipped).
set -euo pipefail
debs="$1"
deb="$(realpath "$(ls "$debs"/*.deb)")"
skip() { echo "SKIPPED: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "installing a .deb into a root of its own needs root"

if [ "${JOBMOND_IN_PACKAGE_ROOT:-}" != 1 ]; then
  # Everything below runs in a private mount namespace: the overlay disappears with it.
  unshare --mount --propagation private true 2>/dev/null ||
    skip "no mount namespaces here (unshare --mount failed)"
  exec unshare --mount --propagation private env JOBMOND_IN_PACKAGE_ROOT=1 bash "$0" "$@"
fi

work="$(mktemp -d /tmp/jobmond-root.XXXXXX)"
server_pid=""
databases=()  # "postgresql NAME" / "mysql NAME" to drop at the end
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  for d in "${databases[@]}"; do
    set -- $d
    case "$1" in
      postgresql) psql -q "$JOBMON_TEST_POSTGRES_URI" -c "DROP DATABASE IF EXISTS $2" >/dev/null 2>&1 || true ;;
      mysql) mysql_admin -e "DROP DATABASE IF EXISTS $2" >/dev/null 2>&1 || true ;;
    esac
  done
  umount -R "$work/root" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; [ -f "$work/server.log" ] && cat "$work/server.log"; exit 1; }

mkdir -p "$work"/{upper,overlay-work,root}
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" "$work/root" ||
  skip "cannot mount an overlay of / here"
root="$work/root"
for dir in /dev /proc /sys; do mount --rbind "$dir" "$root$dir"; done
in_root() { chroot "$root" "$@"; }

in_root dpkg -i "/${deb#/}" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
echo "installed $(basename "$deb") into $root"
in_root getent passwd jobmond > /dev/null || fail "postinst made no jobmond user"
[ "$(in_root stat -c '%a %U:%G' /etc/jobmond/jobmond.env)" = "640 root:jobmond" ] ||
  fail "settings file: $(in_root stat -c '%a %U:%G' /etc/jobmond/jobmond.env), not 640 root:jobmond"
[ "$(in_root stat -c '%a %U:%G' /var/lib/jobmond)" = "750 jobmond:jobmond" ] ||
  fail "state directory: $(in_root stat -c '%a %U:%G' /var/lib/jobmond)"
in_root setpriv --reuid=nobody --regid=nogroup --clear-groups cat /etc/jobmond/jobmond.env \
  > /dev/null 2>&1 &&
  fail "another user can read the settings file"

# As systemd runs the unit: the jobmond user, in /var/lib/jobmond, the settings file's variables
# (read here as the jobmond user: its group may read the file) and no flag.
serve() {
  : > "$work/server.log"
  # setpriv and sh exec: SIGTERM reaches jobmond itself.
  chroot "$root" setpriv --reuid=jobmond --regid=jobmond --init-groups sh -c \
    'cd /var/lib/jobmond && set -a && . /etc/jobmond/jobmond.env && set +a && exec /usr/bin/jobmond serve' \
    > "$work/server.log" 2>&1 &
  server_pid=$!
  port=""
  for _ in $(seq 1 100); do
    port="$(sed -n 's|.*jobmond listening on http://[^:]*:\([0-9]*\).*|\1|p' "$work/server.log" | head -n1)"
    [ -n "$port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  fail "the installed jobmond did not start"
}
request() {  # request METHOD PATH [BODY]: prints "STATUS BODY"
  python3 - "$1" "http://127.0.0.1:$port$2" "${3:-}" <<'PY'
import sys, urllib.request, urllib.error
method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, data=body.encode() if body else None, method=method,
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req) as r:
        print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
PY
}
set_setting() {  # set_setting NAME VALUE: as an operator edits the file
  in_root sed -i "/^#\?$1=/d" /etc/jobmond/jobmond.env
  echo "$1=$2" | in_root tee -a /etc/jobmond/jobmond.env > /dev/null
}
check_serving() {  # check_serving BACKEND
  serve
  grep -q "($1, pool of" "$work/server.log" || fail "not serving $1"
  [ "$(request GET /readyz)" = '200 {"status":"ready"}' ] || fail "/readyz on $1: $(request GET /readyz)"
  local tool; tool="$(request POST /api/v2/tool '{"name":"installed"}')"
  [ "${tool%% *}" = 200 ] || fail "a write on $1: $tool"
  kill "$server_pid"; wait "$server_pid" || fail "jobmond did not exit 0 on SIGTERM"
  server_pid=""
  echo "served $1 from the installed package"
}

set_setting JOBMOND_PORT 0
in_root setpriv --reuid=jobmond --regid=jobmond --init-groups sh -c \
  'cd /var/lib/jobmond && set -a && . /etc/jobmond/jobmond.env && exec /usr/bin/jobmond check-config' \
  > "$work/check.log" 2>&1 || { cat "$work/check.log"; fail "check-config"; }
check_serving sqlite3
in_root test -f /var/lib/jobmond/jobmon.sqlite || fail "the SQLite default is not in /var/lib/jobmond"

fresh_name="jobmond_pkg_$$"
with_database() {  # with_database URI NAME: the URI with its database replaced by NAME
  echo "$1" | sed -E "s|^([a-z+]+://[^/]*/)[^?]*|\1$2|"
}
mysql_admin() {
  local socket; socket="$(echo "$JOBMON_TEST_MYSQL_URI" | sed -n 's/.*unix_socket=\([^&]*\).*/\1/p')"
  local user; user="$(echo "$JOBMON_TEST_MYSQL_URI" | sed -E 's|^[a-z+]+://([^:@]*).*|\1|')"
  mysql --socket="$socket" -u "$user" "$@"
}
bind_socket_dir() {  # the server's socket directory, at the same path inside the root
  mkdir -p "$root$1"; mount --bind "$1" "$root$1"
}
if [ -n "${JOBMON_TEST_POSTGRES_URI:-}" ]; then
  psql -q "$JOBMON_TEST_POSTGRES_URI" -c "CREATE DATABASE $fresh_name" > /dev/null
  databases+=("postgresql $fresh_name")
  dir="$(echo "$JOBMON_TEST_POSTGRES_URI" | sed -n 's/.*host=\([^&]*\).*/\1/p')"
  [ -n "$dir" ] && bind_socket_dir "$dir"
  set_setting JOBMOND_DB "$(with_database "$JOBMON_TEST_POSTGRES_URI" "$fresh_name")"
  check_serving postgresql
else
  echo "PostgreSQL not served: JOBMON_TEST_POSTGRES_URI is not set"
fi
if [ -n "${JOBMON_TEST_MYSQL_URI:-}" ]; then
  mysql_admin -e "CREATE DATABASE $fresh_name"
  databases+=("mysql $fresh_name")
  socket="$(echo "$JOBMON_TEST_MYSQL_URI" | sed -n 's/.*unix_socket=\([^&]*\).*/\1/p')"
  [ -n "$socket" ] && bind_socket_dir "$(dirname "$socket")"
  set_setting JOBMOND_DB "$(with_database "$JOBMON_TEST_MYSQL_URI" "$fresh_name")"
  check_serving mysql
else
  echo "MariaDB not served: JOBMON_TEST_MYSQL_URI is not set"
fi
echo "installed package OK"
