#!/usr/bin/env bash
# The .deb's files and dependencies, and the plugin SDK:
#   run_package_test.sh DEB_DIR SOURCE_DIR
# checks what the package holds (the service's files, the client helpers docs/auth.md names, every
# document in docs/ and every one the README links, the settings file readable by its owner and
# group only), that its Depends cover every shared library jobmond loads (SOCI's backends, which
# SOCI opens at run time, included), then unpacks it with dpkg -x, runs the unpacked jobmond
# (--version, serving on SQLite), builds examples/hello_plugin out of tree against the unpacked SDK
# with the find modules of libraries the SDK must not need switched off, and checks the unpacked
# jobmond serves it.
set -euo pipefail
# A command that fails outside a check says where (set -e alone would exit silently).
trap 'echo "FAILED at line $LINENO (exit $?): $BASH_COMMAND" >&2' ERR
debs="$1"; src="$2"
deb="$(realpath "$(ls "$debs"/*.deb)")"
work="$(mktemp -d /tmp/jobmond-pkg.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }

dpkg-deb --info "$deb" | grep -E "Package|Version|Depends|Recommends"
dpkg-deb --contents "$deb" > "$work/contents"
for f in ./usr/bin/jobmond ./usr/lib/jobmond/liborm.so ./usr/lib/jobmond/plugins/v3.so \
         ./usr/lib/systemd/system/jobmond.service ./usr/lib/systemd/system/jobmond-reaper.service \
         ./etc/jobmond/jobmond.env \
         ./usr/include/jobmon/plugin_api.h ./usr/lib/cmake/jobmond/jobmondConfig.cmake \
         ./usr/bin/jobmon-auth-proxy ./usr/bin/jobmon-mint-token ./usr/share/doc/jobmond/README.md; do
  grep -q " $f\$" "$work/contents" || { cat "$work/contents"; fail "missing from the package: $f"; }
done
# Every document in docs/ (the README's layout table names them, and they cite each other, not
# only in link form) and every one the README links, where the links lead (README.md beside
# docs/).
for doc in $({ (cd "$src" && ls docs/*.md); grep -o 'docs/[a-z-]*\.md' "$src/README.md"; } | sort -u); do
  grep -q " ./usr/share/doc/jobmond/$doc\$" "$work/contents" ||
    fail "$doc (in docs/ or linked from the README) is not installed"
done
# grep -c reads all its input (grep -q would close the pipe early: SIGPIPE under pipefail).
[ "$(grep -E " \./usr/bin/jobmon-(auth-proxy|mint-token)\$" "$work/contents" | grep -c '^-rwxr-xr-x')" = 2 ] ||
  fail "the client helpers are not executable"
[ "$(grep " ./etc/jobmond/jobmond.env\$" "$work/contents" | grep -c '^-rw-r----- root/root')" = 1 ] ||
  fail "the settings file (it may hold the database password) is not 0640: $(grep jobmond.env "$work/contents")"
dpkg-deb --ctrl-tarfile "$deb" > "$work/control.tar"  # no early-closing pipe under pipefail
tar -xf "$work/control.tar" -C "$work" ./postinst
grep -q 'chgrp jobmond "$env_file"' "$work/postinst" || fail "postinst does not give the settings file to the jobmond group"

root="$work/root"
dpkg -x "$deb" "$root"
jobmond="$root/usr/bin/jobmond"

# Depends: every package a library jobmond loads comes from must be one the package depends on,
# directly or through them. SOCI opens its backends by name at run time: no linker sees those.
loaded=("$jobmond" "$root"/usr/lib/jobmond/*.so "$root"/usr/lib/jobmond/plugins/*.so)
for backend in sqlite3 postgresql mysql; do
  # awk reads to the end: an early exit would close the pipe on ldconfig (SIGPIPE, 141 under
  # pipefail).
  lib="$(ldconfig -p | awk -v n="libsoci_$backend.so.4.0" '$1 == n && !found {print $NF; found = 1}')"
  [ -n "$lib" ] || fail "SOCI's $backend backend is not installed on this machine"
  loaded+=("$lib")
done
{ ldd "${loaded[@]}" 2>/dev/null | awk '/=> \// {print $3}'; printf '%s\n' "${loaded[@]: -3}"; } |
  grep -v "^$root/" | sort -u > "$work/libraries"
dpkg-query -W -f='${Package}\t${Depends}, ${Pre-Depends}\n' > "$work/installed"
python3 - "$(dpkg-deb --field "$deb" Depends)" "$work/libraries" "$work/installed" <<'PY' ||
import os, re, subprocess, sys
depends, libraries, installed = sys.argv[1], sys.argv[2], sys.argv[3]
names = lambda text: [re.sub(r"\(.*?\)|:any", "", d).strip() for d in re.split(r"[,|]", text)]
deps_of = {}
for line in open(installed):
    pkg, _, rest = line.rstrip("\n").partition("\t")
    deps_of[pkg] = [d for d in names(rest) if d]
brought, todo = set(), [d for d in names(depends) if d]
while todo:
    pkg = todo.pop()
    if pkg not in brought:
        brought.add(pkg)
        todo += deps_of.get(pkg, [])
# dpkg knows a file by the path its package names (/lib/... or /usr/lib/...): ask for each
# spelling, all in one call (dpkg -S reads every file list each time).
spellings = {lib: {lib, os.path.realpath(lib), re.sub(r"^/usr/lib/", "/lib/", os.path.realpath(lib))}
             for lib in open(libraries).read().split()}
answer = subprocess.run(["dpkg", "-S"] + sorted(set().union(*spellings.values())),
                        capture_output=True, text=True).stdout
owner_of = {}
for line in answer.splitlines():
    pkg, _, path = line.partition(": ")
    owner_of[path.strip()] = pkg.split(":")[0]
missing = []
for lib, paths in spellings.items():
    pkg = next((owner_of[p] for p in paths if p in owner_of), None)
    if pkg is None or pkg not in brought:
        missing.append(f"{lib} ({pkg or 'no package'})")
if missing:
    sys.exit("jobmond loads libraries its Depends does not bring: " + ", ".join(missing))
PY
  fail "Depends: $(dpkg-deb --field "$deb" Depends)"
echo "Depends brings every library jobmond loads"

# No LD_LIBRARY_PATH: the RPATHs must find the private libraries.
"$jobmond" --version
"$jobmond" routes --plugins v2 | tail -n 1

serve() {  # serve ARGS...: starts the unpacked jobmond, sets $port
  : > "$work/server.log"
  (cd "$work" && exec "$jobmond" --port 0 --db "sqlite:///$work/jobmon.sqlite" "$@" > "$work/server.log" 2>&1) &
  server_pid=$!
  port=""
  for _ in $(seq 1 100); do
    port="$(sed -n 's|.*jobmond listening on http://[^:]*:\([0-9]*\).*|\1|p' "$work/server.log" | head -n1)"
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  cat "$work/server.log"; fail "the unpacked jobmond did not start"
}
get() { python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"; }

serve
grep -q "plugin v3 loaded from $root/usr/lib/jobmond/plugins/v3.so" "$work/server.log" ||
  { cat "$work/server.log"; fail "plugins not found in the installed layout"; }
[ "$(get "http://127.0.0.1:$port/api/v2/health")" = '{"status":"OK"}' ]
kill "$server_pid"; wait "$server_pid" || true; server_pid=""

# The reaper unit's command, from the unpacked binary, on the database the server created.
grep -q '^ExecStart=/usr/bin/jobmond reaper$' "$root/usr/lib/systemd/system/jobmond-reaper.service"
"$jobmond" reaper --once --db "sqlite:///$work/jobmon.sqlite" --reaper-sweep-pause 0 \
  > "$work/reaper.log" 2>&1 || { cat "$work/reaper.log"; fail "the unpacked reaper failed"; }


# The SDK needs only what its headers include (RapidJSON, threads): the find modules of the
# database libraries, and pkg-config, are switched off, and no installed CMake file names them.
if grep -v '^ *#' "$root"/usr/lib/cmake/jobmond/*.cmake | grep -i 'soci\|postgresql\|sqlite3\|pkgconfig'; then
  fail "the SDK's CMake package refers to a database library"
fi
cmake -S "$src/examples/hello_plugin" -B "$work/hello" -G Ninja -DCMAKE_PREFIX_PATH="$root/usr" \
  -DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=ON -DCMAKE_DISABLE_FIND_PACKAGE_SQLite3=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON > "$work/hello.log" 2>&1 &&
  cmake --build "$work/hello" >> "$work/hello.log" 2>&1 || { cat "$work/hello.log"; fail "the SDK"; }
serve --plugins v3,hello --plugin-dir "$root/usr/lib/jobmond/plugins:$work/hello"
answer="$(get "http://127.0.0.1:$port/api/hello/greeting?name=deb")"
[ "$answer" = '{"hello":"deb","user":"anonymous"}' ] || fail "unexpected: $answer"
[ "$(get "http://127.0.0.1:$port/api/hello/square/12")" = '{"square":144}' ]
[ "$(get "http://127.0.0.1:$port/api/v3/health")" = '{"status":"OK"}' ]
echo "package and SDK OK"
