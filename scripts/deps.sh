#!/usr/bin/env bash
# Installs everything Pouch needs on Debian 12 (bookworm).
#
#   scripts/deps.sh           Debian packages for building and running Pouch and its tests
#   scripts/deps.sh --tests   the same, plus the S3 test server (npm ci in tests/s3)
#
# Runs apt-get through sudo when not root. When every package is already installed apt is skipped,
# unless POUCH_DEPS_FORCE_APT=1 (CI sets it so that a fresh machine and a warm one take the same path).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WITH_TESTS=0
for arg in "$@"; do
    case "$arg" in
    --tests) WITH_TESTS=1 ;;
    -h | --help)
        sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "deps.sh: unknown argument: $arg" >&2
        exit 2
        ;;
    esac
done

PACKAGES=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
    # Qt 6.4 and libraries (qt6-httpserver-dev needs qt6-websockets-dev on Debian)
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qtkeychain-qt6-dev libgl-dev
    qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools libyaml-cpp-dev libqt6sql6-sqlite libarchive-dev
    libjwt-dev prometheus-cpp-dev qt6-charts-dev libqt6opengl6-dev
    # the .deb packages (scripts/package.sh: dpkg-shlibdeps, fakeroot) and their clean-chroot test
    dpkg-dev fakeroot debootstrap curl
    # runtime
    restic openssl ca-certificates qt6-translations-l10n
    # bench/run (Python 3 standard library; python3-cryptography writes snapshots into a repository)
    python3 python3-cryptography
    # tests: S3 test server, headless GUI, secret service, screenshots, load generator
    nodejs npm xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools imagemagick wrk
)

# A NodeSource nodejs package bundles npm and conflicts with Debian's npm package: keep the npm it ships.
if command -v npm >/dev/null 2>&1; then
    filtered=()
    for p in "${PACKAGES[@]}"; do
        [[ "$p" == npm ]] || filtered+=("$p")
    done
    PACKAGES=("${filtered[@]}")
fi

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "deps.sh: not root and sudo is not installed; run as root or install sudo" >&2
        exit 1
    fi
    SUDO=(sudo)
fi

missing=()
for p in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
    [[ "$status" == installed ]] || missing+=("$p")
done

if [[ ${#missing[@]} -gt 0 || "${POUCH_DEPS_FORCE_APT:-0}" == 1 ]]; then
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "deps.sh: installing Debian packages: ${missing[*]}"
    fi
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PACKAGES[@]}"
else
    echo "deps.sh: all ${#PACKAGES[@]} Debian packages are installed"
fi

if [[ "$WITH_TESTS" == 1 ]]; then
    # The S3 test server (s3rver, pinned in tests/s3/package.json and package-lock.json), installed as the
    # invoking user. Skipped when node_modules already matches the lock file.
    S3DIR="$ROOT/tests/s3"
    stamp="$S3DIR/node_modules/.pouch-lock.sha256"
    want="$(sha256sum "$S3DIR/package-lock.json" | cut -d' ' -f1)"
    if [[ -f "$S3DIR/node_modules/s3rver/bin/s3rver.js" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        echo "deps.sh: S3 test server already installed in tests/s3/node_modules"
    else
        echo "deps.sh: installing the S3 test server (npm ci in tests/s3)"
        (cd "$S3DIR" && npm ci --no-audit --no-fund --ignore-scripts --omit=dev)
        echo "$want" >"$stamp"
    fi
fi
