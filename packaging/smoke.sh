#!/usr/bin/env bash
# Smoke-test a built Reader binary: --version, an import, and a screenshot offscreen.
set -euo pipefail
bin=${1:?usage: smoke.sh PATH/TO/reader}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen
"$bin" --version
"$bin" --library "$work/lib" gui --screenshot "$work/shot.png"
test -s "$work/shot.png" || { echo "smoke: no screenshot written" >&2; exit 1; }
"$bin" --library "$work/lib" check
echo "smoke: ok ($(stat -c %s "$work/shot.png") byte screenshot)"
