#!/usr/bin/env bash
# HTML validity: runs the Nu HTML Checker (vnu.jar from the npm package vnu-jar) on every .html
# page of each folder given and fails on any error (warnings are not reported).
# Usage: bash html-valid.sh <public-dir> [<public-dir>...]   (needs java and `npm ci` done here)
set -uo pipefail
jar="$(dirname "$0")/node_modules/vnu-jar/build/dist/vnu.jar"
[ $# -gt 0 ] || { echo "usage: bash html-valid.sh <public-dir>..." >&2; exit 2; }
[ -f "$jar" ] || { echo "missing $jar: run npm ci in $(dirname "$0")" >&2; exit 2; }
status=0
for dir in "$@"; do
  pages=$(find "$dir" -name '*.html' | wc -l)
  [ "$pages" -gt 0 ] || { echo "no .html pages in $dir" >&2; status=1; continue; }
  # --format gnu: one line per error, "file":line.col-line.col: error: message
  errors=$(java -jar "$jar" --errors-only --skip-non-html --format gnu "$dir" 2>&1)
  count=$(printf '%s' "$errors" | grep -c . || true)
  if [ "$count" -gt 0 ]; then
    printf '%s\n' "$errors"
    echo "html-valid: $dir: $pages pages, $count errors"
    status=1
  else
    echo "html-valid: $dir: $pages pages, no errors"
  fi
done
exit $status
