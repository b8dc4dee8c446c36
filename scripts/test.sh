#!/bin/sh
# The whole test suite: a build with warnings as errors, then the same
# tests again in an AddressSanitizer + UndefinedBehaviorSanitizer build.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DSIPSCAN_WERROR=ON
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

# The plugin is tested in the first build only: an instrumented plugin
# cannot load into the distribution's uninstrumented tshark.
cmake -S . -B build-asan -DSIPSCAN_WERROR=ON -DSIPSCAN_SANITIZE=ON \
  -DSIPSCAN_PLUGIN=OFF -DCMAKE_BUILD_TYPE=Debug
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
