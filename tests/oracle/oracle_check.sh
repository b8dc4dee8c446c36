#!/bin/sh
# oracle_check.sh CAPTURE TRUTH: tshark's reading of CAPTURE, through
# sip_oracle.py, must be exactly the committed TRUTH file. Exits 77 (skip)
# without tshark or python3.
#   oracle_check.sh --write CAPTURE TRUTH   rewrites TRUTH instead
set -eu
write=
[ "$1" = --write ] && { write=1; shift; }
capture=$1 truth=$2
here=$(cd "$(dirname "$0")" && pwd)
for tool in tshark python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool is not installed (scripts/install-deps.sh installs it)"
    exit 77
  fi
done
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
python3 "$here/sip_oracle.py" "$capture" >"$tmp"
if [ -n "$write" ]; then
  cp "$tmp" "$truth"
  echo "wrote $truth"
elif ! diff -u "$truth" "$tmp"; then
  echo "$truth is not what tshark reads in $capture" >&2
  exit 1
else
  echo "$(basename "$truth"): tshark reads the same"
fi
