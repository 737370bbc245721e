#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test with CTest under
# the sanitizers. Tests start their own servers (swtpm, fakecloud, Xvfb) on free ports and stop
# them. Arguments go to the first ctest run (e.g. -R tst_dsregcmd, -LE soak).
#
# Two trees, both without optimisation or debug info (each is compiled once and run once, so
# compile time is what counts; QTest reports file and line, the sanitizers name functions):
#  1. clang, ASan + UBSan, with the libFuzzer targets (ENTRA_DOCTOR_FUZZ=ON): the whole suite,
#     the installer checks, and each fuzz target for ENTRA_FUZZ_SECONDS (label fuzz, 60 s).
#  2. gcc, TSan: the tests labelled tsan (TPM worker, event import, network, the operation log's
#     lock, the bundle export job) and the program itself, so gcc's warnings are checked too.
#     Not clang 14 for TSan: its runtime aborts in its clone() interceptor ("CHECK failed:
#     tsan_rtl.cpp:234 ((!thr->slot)) != (0)") when QProcess starts swtpm or fakecloud.
# Sanitizer options and suppressions come from CTest's environment (tests/sanitizers/), so
# `ctest` by hand in either tree behaves the same.
set -euo pipefail
source "$(dirname "$0")/common.sh"
entra_install_packages "${ENTRA_BUILD_PACKAGES[@]}" "${ENTRA_TEST_PACKAGES[@]}"
build_dir="${ENTRA_TEST_BUILD_DIR:-$ENTRA_ROOT/build-tests}"
tsan_dir="${ENTRA_TSAN_BUILD_DIR:-$build_dir-tsan}"
jobs="$(nproc)"
common=(-DENTRA_DOCTOR_WERROR=ON -DCMAKE_BUILD_TYPE=None)

SECONDS=0
entra_build "$build_dir" "${common[@]}" -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DENTRA_DOCTOR_SANITIZE=address,undefined \
    -DENTRA_DOCTOR_FUZZ=ON
entra_log "ASan+UBSan tree built in ${SECONDS}s; running every test"
(cd "$build_dir" && ctest --output-on-failure --parallel "$jobs" "$@")
entra_log "ASan+UBSan tests done at ${SECONDS}s"

entra_log "Configuring the TSan tree in $tsan_dir"
cmake -S "$ENTRA_ROOT" -B "$tsan_dir" -G Ninja "${common[@]}" -DCMAKE_CXX_COMPILER=g++ \
    -DENTRA_DOCTOR_SANITIZE=thread >/dev/null
# Each test is its own target (entra_add_test names both alike).
mapfile -t tsan_tests < <(cd "$tsan_dir" && ctest -N -L tsan | sed -n 's/^ *Test *#[0-9]*: *//p')
[ ${#tsan_tests[@]} -gt 0 ] || { echo "No test is labelled tsan" >&2; exit 1; }
cmake --build "$tsan_dir" --parallel "$jobs" --target "${tsan_tests[@]}" entra-doctor
entra_log "TSan tree built at ${SECONDS}s; running ${#tsan_tests[@]} tests"
(cd "$tsan_dir" && ctest --output-on-failure --parallel "$jobs" -L tsan)
entra_log "All done in ${SECONDS}s"
