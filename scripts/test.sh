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
# cannot load into the distribution's uninstrumented tshark. The
# sanitizer build uses clang, whose UBSan also rejects arithmetic on a
# NULL pointer (even adding 0), which GCC's lets pass.
if command -v clang >/dev/null 2>&1; then
  sanitize_cc=clang
else
  sanitize_cc=cc
  echo "NOTE: clang is missing (scripts/install-deps.sh --test installs it): the sanitizer build uses cc, whose UBSan checks less"
fi
# (a folder per compiler: CMake forgets every option when a build
# folder's compiler changes)
sanitize_build=build-asan-$sanitize_cc
cmake -S . -B "$sanitize_build" -DCMAKE_C_COMPILER="$sanitize_cc" \
  -DSIPSCAN_WERROR=ON -DSIPSCAN_SANITIZE=ON -DSIPSCAN_PLUGIN=OFF \
  -DCMAKE_BUILD_TYPE=Debug
cmake --build "$sanitize_build" -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$sanitize_build" --output-on-failure -j "$jobs"
