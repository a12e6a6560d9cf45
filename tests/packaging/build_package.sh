#!/usr/bin/env bash
# build_package.sh BUILD_DIR DEB_DIR: the .deb of BUILD_DIR (CPack), alone in DEB_DIR.
set -euo pipefail
# A command that fails outside a check says where (set -e alone would exit silently).
trap 'echo "FAILED at line $LINENO (exit $?): $BASH_COMMAND" >&2' ERR
build="$1"; out="$2"
rm -rf "$out"; mkdir -p "$out"
(cd "$build" && cpack -G DEB -B "$out/cpack" > "$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
mv "$out"/cpack/*.deb "$out/"
rm -rf "$out/cpack"
echo "built $(basename "$out"/*.deb)"
