#!/usr/bin/env bash
# Build the one-folder app dist/Reader/ for this OS, then smoke-test it offscreen.
# Usage: packaging/build.sh [--no-smoke]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build="$root/build/pyinstaller"
rm -rf "$build" "$root/dist/Reader"
python3 -m venv "$build/venv"
"$build/venv/bin/pip" install -q --upgrade pip
# Not editable: the bundle must get its resources from the installed package.
"$build/venv/bin/pip" install -q "$root" 'pyinstaller>=6.5,<7'
start=$(date +%s)
(cd packaging && "$build/venv/bin/pyinstaller" --noconfirm --clean \
    --distpath "$root/dist" --workpath "$build/work" reader.spec >"$build/log.txt" 2>&1) \
    || { tail -40 "$build/log.txt"; exit 1; }
echo "built dist/Reader in $(( $(date +%s) - start ))s, $(du -sh "$root/dist/Reader" | cut -f1)"
if [ "${1:-}" != "--no-smoke" ]; then
    packaging/smoke.sh "$root/dist/Reader/reader"
fi
