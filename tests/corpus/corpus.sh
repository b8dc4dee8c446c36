#!/bin/sh
# Runs sipscan on every capture of ../shared/corpus (MANIFEST.tsv rows that
# are captures, not raw SIP messages) and asserts for each: no crash, a
# documented exit status (0; or 1 with exactly one error line naming the
# file), a JSON summary, and frame accounting that adds up.
#   corpus.sh SIPSCAN SUMMARY_CHECK SHARED_DIR
set -u
sipscan=$1 summary_check=$2 shared=$3
corpus="$shared/corpus"
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
  echo "SKIP: $corpus/MANIFEST.tsv is absent (../shared is not next to the repository)"
  exit 77
fi
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
failures=0 total=0
captures=$(awk -F'\t' 'NR > 1 && $7 !~ /^n\/a/ { print $1 }' "$corpus/MANIFEST.tsv")
for file in $captures; do
  total=$((total + 1))
  path="$corpus/$file"
  "$sipscan" --format json "$path" >"$out" 2>"$err"
  rc=$?
  problem=""
  case $rc in
    0) [ -s "$err" ] && problem="exit 0 but wrote to stderr: $(head -c 200 "$err")" ;;
    1) if [ "$(wc -l <"$err")" -ne 1 ] || ! grep -q "^sipscan: $path: " "$err"; then
         problem="exit 1 without one error line naming the file: $(head -c 300 "$err")"
       fi ;;
    *) problem="exit status $rc: $(head -c 300 "$err")" ;;
  esac
  summary=$("$summary_check" "$out" 2>&1) || problem="${problem:+$problem; }$summary"
  if [ -n "$problem" ]; then
    failures=$((failures + 1))
    echo "FAIL $file: $problem"
  else
    echo "ok   $file (exit $rc): $summary"
  fi
done
echo "$((total - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
