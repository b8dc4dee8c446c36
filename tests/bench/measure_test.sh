#!/bin/sh
# bench/measure: the harness leaves in its --stdout file exactly what the
# last run wrote (it writes over the previous output in place and cuts it
# after the run), reports the fastest run in one line, and fails when a
# run fails or the file cannot be opened. No timing.
#   measure_test.sh MEASURE
set -u
measure=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sipscan-measure-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { failures=$((failures + 1)); echo "FAIL $*"; }

seq 1 100000 >"$tmp/long.expected"
seq 1 10 >"$tmp/short.expected"

line=$("$measure" --runs 3 --stdout "$tmp/out" -- seq 1 100000) \
  || fail "three good runs: exit $?"
cmp -s "$tmp/out" "$tmp/long.expected" || fail "the long output differs"
echo "$line" | grep -Eq '^wall [0-9.]+ cpu [0-9.]+ rss_kib [0-9]+ status 0 runs 3$' \
  || fail "result line: $line"

"$measure" --stdout "$tmp/out" -- seq 1 10 >/dev/null \
  || fail "a shorter run: exit $?"
cmp -s "$tmp/out" "$tmp/short.expected" \
  || fail "after a shorter run the file is not its output: $(wc -c <"$tmp/out") bytes"

"$measure" --stdout "$tmp/out" -- sh -c 'seq 1 10; exit 3' >"$tmp/line" \
  && fail "a run that exits 3: measure exited 0"
grep -q ' status 3 ' "$tmp/line" || fail "status of a failed run: $(cat "$tmp/line")"

"$measure" --stdout "$tmp/no/such/dir/out" -- true 2>"$tmp/err" \
  && fail "an output that cannot be opened: measure exited 0"
grep -q "no/such/dir/out" "$tmp/err" || fail "its message: $(cat "$tmp/err")"

if [ "$failures" -eq 0 ]; then
  echo "measure: output in place, cut after the run; failures reported"
fi
[ "$failures" -eq 0 ]
