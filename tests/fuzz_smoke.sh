#!/bin/sh
# CI smoke run of the libFuzzer targets: builds them with clang in a directory of its own (only pouch_core,
# pouch_api and the two fuzzers) and runs each over its seed corpus and then for a few seconds.
#   tests/fuzz_smoke.sh SOURCE_DIR BUILD_DIR [SECONDS]
set -eu
src=$1
build=$2
seconds=${3:-20}
export CC=clang CXX=clang++
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPOUCH_FUZZ=ON -DPOUCH_GUI=OFF -DPOUCH_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target fuzz_config fuzz_api -j 2
status=0
for name in config api; do
    work=$(mktemp -d)
    if "$build/fuzz/fuzz_$name" "$work" "$src/fuzz/corpus/$name" -max_total_time="$seconds" -max_len=65536 \
        -timeout=10 -artifact_prefix="$build/fuzz_$name-" >"$build/fuzz_$name.log" 2>&1; then
        echo "fuzz_$name: $(grep -E '^Done [0-9]+ runs' "$build/fuzz_$name.log")"
    else
        echo "fuzz_$name FAILED:"
        tail -n 60 "$build/fuzz_$name.log"
        status=1
    fi
    rm -rf "$work"
done
exit $status
