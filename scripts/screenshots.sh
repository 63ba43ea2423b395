#!/bin/sh
# Writes PNGs of the desktop console (main window with several servers, first start, every restore wizard
# page, the settings dialog) into <build dir>/screenshots, against a throwaway local restic repository.
# Usage: scripts/screenshots.sh [build dir]   (default: build-gui; configured and built if needed)
# POUCH_SCREENSHOT_BIG_MIB=400 adds a big world to one server, so the restore progress page is caught mid-way.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build-gui"}
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target pouch_screenshots
out="$build/screenshots"
rm -rf "$out"
mkdir -p "$out"
# Offscreen needs no display; set POUCH_SCREENSHOT_PLATFORM=xcb (under xvfb-run) to use the real one.
QT_QPA_PLATFORM=${POUCH_SCREENSHOT_PLATFORM:-offscreen} POUCH_BUILD_DIR="$build" \
    "$build/tests/gui/pouch_screenshots" "$out"
echo "Screenshots in $out"
