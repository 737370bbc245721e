#!/usr/bin/env bash
# Runs one libFuzzer target the way CTest does (fuzz/CMakeLists.txt, label fuzz):
#   run-fuzzer.sh FUZZER WORKDIR SECONDS MAX_LEN DICT|- SEED-GLOB...
# Seeds (the files the globs match, Markdown aside) are copied, cut to MAX_LEN bytes, into WORKDIR/corpus, which is made afresh:
# the source tree is never written. ENTRA_FUZZ_SECONDS in the environment overrides SECONDS.
# A crash, sanitizer report, leak, timeout or failed invariant leaves its input in
# WORKDIR/crash-* (leak-*, timeout-*) and fails; the output says how to reproduce it.
set -uo pipefail
fuzzer="$1" workdir="$2" seconds="${ENTRA_FUZZ_SECONDS:-$3}" max_len="$4" dict="$5"
shift 5

rm -rf "$workdir/corpus" "$workdir"/*-scratch
mkdir -p "$workdir/corpus"
shopt -s nullglob
for pattern in "$@"; do
    for seed in $pattern; do
        [ -f "$seed" ] && [[ "$seed" != *.md ]] || continue
        head -c "$max_len" "$seed" >"$workdir/corpus/$(basename "$seed")"
    done
done
shopt -u nullglob
echo "$(basename "$fuzzer"): $(ls "$workdir/corpus" | wc -l) seeds, ${seconds}s, max_len $max_len"

args=(-max_total_time="$seconds" -max_len="$max_len" -timeout=30 -rss_limit_mb=2560
      -print_final_stats=1 -artifact_prefix="$workdir/")
[ "$dict" != "-" ] && args+=(-dict="$dict")

cd "$workdir" || exit 1
ENTRA_FUZZ_WORKDIR="$workdir" "$fuzzer" "${args[@]}" "$workdir/corpus"
rc=$?
if [ $rc -ne 0 ]; then
    for artifact in "$workdir"/crash-* "$workdir"/leak-* "$workdir"/timeout-* "$workdir"/oom-*; do
        [ -f "$artifact" ] || continue
        echo "Reproduce: $fuzzer $artifact"
        echo "Keep it:   cp $artifact fuzz/corpus/$(basename "$fuzzer" | sed 's/^fuzz_//')/"
    done
fi
exit $rc
