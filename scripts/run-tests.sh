#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test with CTest.
# Tests start their own servers (swtpm, fakecloud, Xvfb) on free ports and stop them.
set -euo pipefail
source "$(dirname "$0")/common.sh"
entra_install_packages "${ENTRA_BUILD_PACKAGES[@]}" "${ENTRA_TEST_PACKAGES[@]}"
build_dir="${ENTRA_TEST_BUILD_DIR:-$ENTRA_ROOT/build-tests}"
# No optimisation and no debug info: the test build is compiled once and run once, so compile
# time is what counts (QTest reports file and line by itself).
entra_build "$build_dir" -DENTRA_DOCTOR_WERROR=ON -DCMAKE_BUILD_TYPE=None
entra_log "Running the tests"
cd "$build_dir"
ctest --output-on-failure --parallel "$(nproc)" "$@"
