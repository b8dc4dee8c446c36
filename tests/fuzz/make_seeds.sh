#!/bin/sh
# Remakes tests/fuzz/corpus/ from this repository's captures (captures/
# and captures/recorded/, nothing else): fuzz_make_seeds cuts seeds out of
# them, then libFuzzer's -merge=1 keeps, for each harness, a small set that
# covers what they all cover. Builds build-fuzz (scripts/fuzz.sh build).
set -eu
cd "$(dirname "$0")/../.."
scripts/fuzz.sh build
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
build-fuzz/tests/fuzz/fuzz_make_seeds "$scratch" \
  captures/*.pcap captures/*.pcapng captures/recorded/*.pcap
# gzip-compressed copies, which the capture reader decompresses
for seed in "$scratch"/fuzz_capture_file/*; do
  gzip -9 -n -c "$seed" >"$seed.gz"
done
grep -v '^#' tests/fuzz/harnesses.txt | while read -r harness max_len; do
  corpus=tests/fuzz/corpus/$harness
  rm -rf "$corpus"
  mkdir -p "$corpus"
  G_DEBUG=fatal-criticals nice "build-fuzz/tests/fuzz/$harness" -merge=1 \
    -max_len="$max_len" "$corpus" "$scratch/$harness" \
    >"$scratch/$harness.log" 2>&1 \
    || { cat "$scratch/$harness.log" >&2; exit 1; }
  echo "$harness: $(ls "$corpus" | wc -l) seeds, $(du -sh "$corpus" | cut -f1)"
done
