#!/usr/bin/env bash
# The Debian package and the plugin SDK, as an operator and a plugin author meet them:
#   run_package_test.sh BUILD_DIR SOURCE_DIR
# builds the .deb with CPack from BUILD_DIR, unpacks it with dpkg -x into a temporary root, runs
# the unpacked jobmond (--version, then serving on SQLite), builds examples/hello_plugin out of
# tree against the unpacked SDK (find_package(jobmond), with the find modules of libraries the SDK
# must not need switched off) and checks that the unpacked jobmond loads it next to its own
# plugins and answers its routes.
set -euo pipefail
build="$1"; src="$2"
work="$(mktemp -d /tmp/jobmond-pkg.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$build" && cpack -G DEB -B "$work/deb" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb="$(ls "$work"/deb/*.deb)"
echo "built $(basename "$deb")"
dpkg-deb --info "$deb" | grep -E "Package|Version|Depends" 
dpkg-deb --contents "$deb" > "$work/contents"
for f in ./usr/bin/jobmond ./usr/lib/jobmond/liborm.so ./usr/lib/jobmond/plugins/v3.so \
         ./usr/lib/systemd/system/jobmond.service ./etc/jobmond/jobmond.env \
         ./usr/include/jobmon/plugin_api.h ./usr/lib/cmake/jobmond/jobmondConfig.cmake; do
  grep -q " $f\$" "$work/contents" || { echo "missing from the package: $f"; cat "$work/contents"; exit 1; }
done
dpkg-deb --ctrl-tarfile "$deb" > "$work/control.tar"  # no early-closing pipe under pipefail
tar -tf "$work/control.tar" | grep postinst > /dev/null || { echo "no postinst"; exit 1; }
root="$work/root"
dpkg -x "$deb" "$root"
jobmond="$root/usr/bin/jobmond"

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
  echo "the unpacked jobmond did not start:"; cat "$work/server.log"; exit 1
}
get() { python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"; }

serve
grep -q "plugin v3 loaded from $root/usr/lib/jobmond/plugins/v3.so" "$work/server.log" ||
  { echo "plugins not found in the installed layout:"; cat "$work/server.log"; exit 1; }
[ "$(get "http://127.0.0.1:$port/api/v2/health")" = '{"status":"OK"}' ]
kill "$server_pid"; wait "$server_pid" || true; server_pid=""

# The SDK needs only what its headers include (RapidJSON, threads): the find modules of the
# database libraries, and pkg-config, are switched off, and no installed CMake file names them.
if grep -v '^ *#' "$root"/usr/lib/cmake/jobmond/*.cmake | grep -i 'soci\|postgresql\|sqlite3\|pkgconfig'; then
  echo "the SDK's CMake package refers to a database library"; exit 1
fi
cmake -S "$src/examples/hello_plugin" -B "$work/hello" -G Ninja -DCMAKE_PREFIX_PATH="$root/usr" \
  -DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=ON -DCMAKE_DISABLE_FIND_PACKAGE_SQLite3=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON > "$work/hello.log" 2>&1 &&
  cmake --build "$work/hello" >> "$work/hello.log" 2>&1 || { cat "$work/hello.log"; exit 1; }
serve --plugins v3,hello --plugin-dir "$root/usr/lib/jobmond/plugins:$work/hello"
answer="$(get "http://127.0.0.1:$port/api/hello/greeting?name=deb")"
[ "$answer" = '{"hello":"deb","user":"anonymous"}' ] || { echo "unexpected: $answer"; exit 1; }
[ "$(get "http://127.0.0.1:$port/api/hello/square/12")" = '{"square":144}' ]
[ "$(get "http://127.0.0.1:$port/api/v3/health")" = '{"status":"OK"}' ]
echo "package and SDK OK"
