#!/bin/sh
# Builds the libFuzzer targets in build-fuzz (clang, ASan + UBSan) and runs each for SECONDS (default 600).
# Exits non-zero when a fuzzer crashes; the reproducer is left in build-fuzz/artifacts/.
#   fuzz/run.sh [SECONDS]
# Environment: BUILD_DIR (default <repo>/build-fuzz), FUZZ_JOBS (parallel build jobs, default 2).
set -eu
seconds=${1:-600}
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-fuzz}

export CC=clang CXX=clang++
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPOUCH_FUZZ=ON -DPOUCH_GUI=OFF -DPOUCH_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target fuzz_config fuzz_api -j "${FUZZ_JOBS:-2}"

mkdir -p "$build/artifacts"
status=0
for name in config api; do
    # The seeds stay clean in the source tree; what the fuzzer adds goes to the build directory.
    work="$build/corpus-$name"
    mkdir -p "$work"
    echo "== fuzz_$name for ${seconds}s"
    if ! "$build/fuzz/fuzz_$name" "$work" "$src/fuzz/corpus/$name" \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/fuzz_$name-" 2>"$build/fuzz_$name.log"; then
        echo "fuzz_$name FAILED; see $build/fuzz_$name.log and $build/artifacts/" >&2
        tail -n 60 "$build/fuzz_$name.log" >&2
        status=1
    else
        grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$build/fuzz_$name.log" || true
        tail -n 1 "$build/fuzz_$name.log"
    fi
done
exit $status
