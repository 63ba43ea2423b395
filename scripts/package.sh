#!/usr/bin/env bash
# Builds the two Debian packages into build-package/ and prints their paths:
#   build-package/gui       POUCH_GUI=ON   ->  pouch_<version>-1_<arch>.deb          (desktop console)
#   build-package/headless  POUCH_GUI=OFF  ->  pouch-headless_<version>-1_<arch>.deb (no Qt Widgets; systemd unit)
# Release, Ninja, ccache, no tests; only the pouch target is built, then CPack (DEB, dpkg-shlibdeps) packs it.
#
#   scripts/package.sh [gui|headless]...   (default: both)
# Needs dpkg-dev (dpkg-shlibdeps) and fakeroot besides the build packages: scripts/deps.sh installs them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/build-package"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$ROOT")}"
JOBS="${POUCH_PACKAGE_JOBS:-2}"

flavours=("$@")
[[ ${#flavours[@]} -gt 0 ]] || flavours=(gui headless)

debs=()
for flavour in "${flavours[@]}"; do
    case "$flavour" in
    gui) gui=ON ;;
    headless) gui=OFF ;;
    *)
        echo "package.sh: unknown package: $flavour (gui or headless)" >&2
        exit 2
        ;;
    esac
    dir="$OUT/$flavour"
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPOUCH_GUI="$gui" -DPOUCH_TESTS=OFF \
        -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
    cmake --build "$dir" --target pouch -j "$JOBS"
    rm -rf "$dir/package"
    # CPack runs the install step itself (which wants `all` built; with tests off that is the pouch target).
    (cd "$dir" && fakeroot cpack -G DEB --config CPackConfig.cmake >/dev/null)
    debs+=("$(ls "$dir"/package/*.deb)")
done

printf '%s\n' "${debs[@]}"
