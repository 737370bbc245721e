#!/usr/bin/env bash
# The hardening run of issue 8 (not yet what .ci/run calls: its time on 2 cores is still to be
# measured against the 30-minute budget). Installs what is missing and runs every test under
# sanitizers. Tests start their own servers (swtpm, fakecloud, Xvfb) on free ports and stop them.
#
# Two trees:
#  1. clang, ASan + UBSan with the libFuzzer targets (ENTRA_DOCTOR_FUZZ=ON): the whole suite, the
#     installer checks, and each fuzz target for ENTRA_FUZZ_SECONDS (label fuzz, 60 s default).
#  2. TSan, with gcc: only the tests labelled tsan (TPM worker, event import, network, the
#     operation log's lock) are built and run. Not clang 14: its TSan runtime aborts in its
#     clone() interceptor ("CHECK failed: tsan_rtl.cpp:234 ((!thr->slot)) != (0)") when
#     QProcess starts swtpm or fakecloud; gcc 12's libtsan has no such interceptor.
# Sanitizer options and suppressions come from CTest's environment (tests/sanitizers/), so
# `ctest` in either tree by hand behaves the same. Arguments go to the first ctest run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
entra_install_packages "${ENTRA_BUILD_PACKAGES[@]}" "${ENTRA_TEST_PACKAGES[@]}"
build_dir="${ENTRA_HARDENING_BUILD_DIR:-$ENTRA_ROOT/build-asan}"
tsan_dir="${ENTRA_TSAN_BUILD_DIR:-$build_dir-tsan}"
jobs="$(nproc)"
# No optimisation and no debug info: the test build is compiled once and run once, so compile
# time is what counts (QTest reports file and line by itself, the sanitizers name functions).
common=(-DENTRA_DOCTOR_WERROR=ON -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER=clang++)

SECONDS=0
entra_build "$build_dir" "${common[@]}" -DENTRA_DOCTOR_SANITIZE=address,undefined \
    -DENTRA_DOCTOR_FUZZ=ON
entra_log "ASan+UBSan tree built in ${SECONDS}s; running the tests"
(cd "$build_dir" && ctest --output-on-failure --parallel "$jobs" "$@")
entra_log "ASan+UBSan tests done at ${SECONDS}s"

entra_log "Configuring the TSan tree in $tsan_dir"
cmake -S "$ENTRA_ROOT" -B "$tsan_dir" -G Ninja -DENTRA_DOCTOR_WERROR=ON -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_COMPILER=g++ -DENTRA_DOCTOR_SANITIZE=thread >/dev/null
# The tsan tests are their own targets (entra_add_test names both alike).
mapfile -t tsan_tests < <(cd "$tsan_dir" && ctest -N -L tsan | sed -n 's/^ *Test *#[0-9]*: *//p')
[ ${#tsan_tests[@]} -gt 0 ] || { echo "No test is labelled tsan" >&2; exit 1; }
cmake --build "$tsan_dir" --parallel "$jobs" --target "${tsan_tests[@]}"
entra_log "TSan tree built at ${SECONDS}s; running ${#tsan_tests[@]} tests"
(cd "$tsan_dir" && ctest --output-on-failure --parallel "$jobs" -L tsan)
entra_log "All done in ${SECONDS}s"
