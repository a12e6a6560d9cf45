#!/usr/bin/env bash
# build_package.sh BUILD_DIR DEB_DIR: the .deb of BUILD_DIR (CPack), alone in DEB_DIR.
set -euo pipefail
build="$1"; out="$2"
rm -rf "$out"; mkdir -p "$out"
(cd "$build" && cpack -G DEB -B "$out/cpack" > "$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
mv "$out"/cpack/*.deb "$out/"
rm -rf "$out/cpack"
echo "built $(basename "$out"/*.deb)"
