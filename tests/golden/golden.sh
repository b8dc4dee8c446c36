#!/bin/sh
# Golden tests: sipscan's output on the captures in captures/, compared
# with the expected files. One test per line of golden.list:
#   NAME FORMAT [OPTION...] CAPTURE...     (captures relative to captures/)
# The expected output is expected/NAME.txt (text) or expected/NAME.jsonl.
#
#   golden.sh check SIPSCAN NAME.FORMAT   compare one (ctest runs this)
#   golden.sh write SIPSCAN        rewrite every expected file (the only way
#                                  they change; review the diff)
set -eu
mode=$1 sipscan=$2 only=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
captures="$here/../../captures"
found=0
tmp=$(mktemp)
list=$(mktemp)
trap 'rm -f "$tmp" "$list"' EXIT
grep -v '^[[:space:]]*\(#\|$\)' "$here/golden.list" >"$list"

while read -r name format args; do
  [ -n "$only" ] && [ "$name.$format" != "$only" ] && continue
  found=$((found + 1))
  case $format in
    text) expected="$here/expected/$name.txt" ;;
    json) expected="$here/expected/$name.jsonl" ;;
    *) echo "golden.list: $name: unknown format $format" >&2; exit 2 ;;
  esac
  # shellcheck disable=SC2086 # args are words by design
  (cd "$captures" && "$sipscan" --format "$format" $args) >"$tmp" || {
    echo "$name: sipscan exited with status $?" >&2; exit 1; }
  if [ "$mode" = write ]; then
    cp "$tmp" "$expected"
    echo "wrote $expected"
  elif ! diff -u "$expected" "$tmp"; then
    echo "$name: output differs from $expected (regenerate: cmake --build BUILD --target regenerate-golden)" >&2
    exit 1
  else
    echo "$name.$format: same as expected"
  fi
done <"$list"
if [ "$found" -eq 0 ]; then
  echo "golden.list has no test $only" >&2
  exit 1
fi
