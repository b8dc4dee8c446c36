#!/bin/sh
# Fuzzing with libFuzzer: needs clang and its runtime
# (scripts/install-deps.sh --fuzz).
#   scripts/fuzz.sh HARNESS SECONDS [LIBFUZZER-FLAG...]
#   scripts/fuzz.sh all SECONDS [LIBFUZZER-FLAG...]   each harness in turn
#   scripts/fuzz.sh build                             only build
# HARNESS is a name in tests/fuzz/harnesses.txt (fuzz_sip_message,
# fuzz_frame_decoder, fuzz_capture_file; the fuzz_ may be left out).
# Configures build-fuzz with clang (SIPSCAN_FUZZ=ON: libFuzzer, ASan,
# UBSan), builds, and runs the harness niced, as one job, for SECONDS
# (-max_total_time) with tests/fuzz/sip.dict, on build-fuzz/corpus/HARNESS:
# a scratch corpus kept between runs, topped up from tests/fuzz/corpus and
# tests/fuzz/crashes. Extra flags go to libFuzzer (e.g. -runs=10000000).
# Prints the executions, coverage and any crash, leak, timeout or OOM
# files (build-fuzz/crashes/HARNESS/); the log is build-fuzz/logs/HARNESS.log.
set -eu
cd "$(dirname "$0")/.."
build=build-fuzz
harnesses=tests/fuzz/harnesses.txt

usage() {
  echo "usage: $0 HARNESS|all SECONDS [LIBFUZZER-FLAG...] | $0 build" >&2
  exit 2
}

fuzz_build() {
  mkdir -p "$build/logs"
  { CC=clang cmake -S . -B "$build" -DSIPSCAN_FUZZ=ON -DSIPSCAN_WERROR=ON \
      -DSIPSCAN_PLUGIN=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    && nice cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" \
      --target fuzz_make_seeds $(grep -v '^#' "$harnesses" | cut -d' ' -f1)
  } >"$build/logs/build.log" 2>&1 \
    || { cat "$build/logs/build.log" >&2; exit 1; }
}

max_len_of() {
  awk -v h="$1" '$1 == h { print $2 }' "$harnesses"
}

fuzz_one() {
  harness=$1
  seconds=$2
  shift 2
  corpus=$build/corpus/$harness
  crashes=$build/crashes/$harness
  log=$build/logs/$harness.log
  mkdir -p "$corpus" "$crashes" "$build/logs"
  cp -n tests/fuzz/corpus/$harness/* tests/fuzz/crashes/$harness/* \
    "$corpus"/ 2>/dev/null || true
  echo "== $harness: $seconds s, corpus $(ls "$corpus" | wc -l) files"
  status=0
  G_DEBUG=fatal-criticals UBSAN_OPTIONS=print_stacktrace=1 \
    nice "$build/tests/fuzz/$harness" -dict=tests/fuzz/sip.dict \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 \
      -max_len="$(max_len_of "$harness")" -print_final_stats=1 \
      -artifact_prefix="$crashes/" "$@" "$corpus" >"$log" 2>&1 || status=$?
  grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
    "$log" || true
  echo "corpus: $(ls "$corpus" | wc -l) files"
  found=$(ls "$crashes")
  if [ -n "$found" ]; then
    echo "found (in $crashes):"
    echo "$found"
  fi
  if [ "$status" -ne 0 ]; then
    echo "$harness stopped with status $status: see $log" >&2
    return 1
  fi
}

[ $# -ge 1 ] || usage
what=$1
shift
if [ "$what" = build ]; then
  fuzz_build
  exit 0
fi
[ $# -ge 1 ] || usage
seconds=$1
shift
fuzz_build
if [ "$what" = all ]; then
  failed=0
  for harness in $(grep -v '^#' "$harnesses" | cut -d' ' -f1); do
    fuzz_one "$harness" "$seconds" "$@" || failed=1
  done
  exit "$failed"
fi
case $what in fuzz_*) ;; *) what=fuzz_$what ;; esac
[ -n "$(max_len_of "$what")" ] || usage
fuzz_one "$what" "$seconds" "$@"
