#!/usr/bin/env bash
# Installs pouch-headless_*.deb into a clean Debian 12 and runs it there:
#   1. debootstrap --variant=minbase bookworm into build-package/bookworm (once; about 100 MB from the Debian
#      mirror; kept as a pristine copy and copied afresh for each run, so every run starts clean);
#   2. apt-get install ./pouch-headless_*.deb inside it (Depends: restic, the Qt libraries and plugins, ...);
#   3. pouch --version and --help; then pouch --headless on a generated Wings config with a local restic
#      repository and one server directory, on 127.0.0.1:$PORT (the chroot shares this machine's network), and
#      GET /api/servers/<uuid>/backup/snapshots and /api/node with curl from outside the chroot;
#   4. the unit checked with systemd-analyze verify when this machine has it.
#
#   scripts/test-package.sh [path/to/pouch-headless_*.deb]   (default: the one scripts/package.sh built)
#   scripts/test-package.sh --gui [deb]    also, after that: install pouch_*.deb over pouch-headless (which it
#                                          replaces), pouch --version, the console on Qt's offscreen platform for
#                                          5 s (about 180 more packages: X, Mesa, the Qt GUI libraries)
#   scripts/test-package.sh --host [deb]   CI's check instead: install the package on this machine with apt,
#                                          pouch --version, systemd-analyze verify on the unit, remove it again
# Needs root (debootstrap, chroot), debootstrap and curl. Not part of ctest's default set: it downloads.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/build-package"
HOST=0
GUI=0
case "${1:-}" in
--host) HOST=1 && shift ;;
--gui) GUI=1 && shift ;;
esac
DEB="${1:-$(ls "$OUT"/headless/package/pouch-headless_*.deb 2>/dev/null | head -1)}"
MIRROR="${POUCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PORT="${POUCH_TEST_PORT:-18095}"
PRISTINE="$OUT/bookworm"
CHROOT="$OUT/bookworm-test"

[[ -f "$DEB" ]] || { echo "test-package.sh: no pouch-headless .deb (run scripts/package.sh headless)" >&2; exit 2; }
[[ "$(id -u)" -eq 0 ]] || { echo "test-package.sh: needs root (debootstrap, chroot)" >&2; exit 2; }

if [[ "$HOST" == 1 ]]; then
    if dpkg-query -W -f='${db:Status-Status}' pouch pouch-headless 2>/dev/null | grep -q installed; then
        echo "test-package.sh: pouch or pouch-headless is installed here already; not touching it" >&2
        exit 2
    fi
    DEB="$(realpath "$DEB")"
    trap 'DEBIAN_FRONTEND=noninteractive apt-get purge -y pouch-headless >/dev/null 2>&1 || true' EXIT
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$DEB"
    /usr/bin/pouch --version
    systemd-analyze verify /lib/systemd/system/pouch-headless.service
    DEBIAN_FRONTEND=noninteractive apt-get purge -y pouch-headless
    trap - EXIT
    ! command -v pouch >/dev/null || { echo "test-package.sh: pouch still installed after purge" >&2; exit 1; }
    echo "test-package.sh: OK: installed, ran, verified and removed $(basename "$DEB") on this machine"
    exit 0
fi
command -v debootstrap >/dev/null || { echo "test-package.sh: apt-get install debootstrap" >&2; exit 2; }

mounted=()
cleanup() {
    if [[ -n "${POUCH_PID:-}" ]]; then kill "$POUCH_PID" 2>/dev/null || true; wait "$POUCH_PID" 2>/dev/null || true; fi
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

if [[ ! -x "$PRISTINE/usr/bin/apt-get" ]]; then
    echo "== debootstrap --variant=minbase bookworm ($MIRROR)"
    rm -rf "$PRISTINE.partial"
    debootstrap --variant=minbase bookworm "$PRISTINE.partial" "$MIRROR" >"$OUT/debootstrap.log" 2>&1 ||
        { tail -20 "$OUT/debootstrap.log"; exit 1; }
    mv "$PRISTINE.partial" "$PRISTINE"
fi
rm -rf "$CHROOT"
cp -a "$PRISTINE" "$CHROOT"
for fs in proc sys dev dev/pts; do
    mount --bind "/$fs" "$CHROOT/$fs"
    mounted+=("$CHROOT/$fs")
done
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
cp "$DEB" "$CHROOT/tmp/"
in_chroot() { chroot "$CHROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== in a clean bookworm: apt-get install ./$(basename "$DEB")"
in_chroot apt-get update -qq
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "/tmp/$(basename "$DEB")" |
    sed -n '/^The following NEW/,/^[0-9]* upgraded/p; /^Setting up pouch/p'
in_chroot dpkg -s pouch-headless | grep -E '^(Status|Version|Depends)'

echo "== pouch --version"
in_chroot pouch --version
echo "== pouch --help (head)"
in_chroot pouch --help | head -12
echo "== installed files"
in_chroot ls -l /usr/bin/pouch /lib/systemd/system/pouch-headless.service /etc/pouch/pouch.yml
echo "conffiles: $(cat "$CHROOT/var/lib/dpkg/info/pouch-headless.conffiles")"

echo "== pouch --headless on 127.0.0.1:$PORT with a local repository"
SERVER=4f6c2d4e-0000-4000-8000-00000000beef
TOKEN=package-test-token
mkdir -p "$CHROOT/srv/pelican/volumes/$SERVER" "$CHROOT/srv/pelican/root"
echo "hello" >"$CHROOT/srv/pelican/volumes/$SERVER/server.properties"
cat >"$CHROOT/srv/pelican/config.yml" <<YAML
uuid: 4f6c2d4e-0000-4000-8000-000000000001
token_id: package-test
token: $TOKEN
api:
  host: 127.0.0.1
  port: 8080
system:
  root_directory: /srv/pelican/root
  data: /srv/pelican/volumes
  tmp_directory: /tmp/pelican
  backups:
    restic:
      enabled: true
      repository: /srv/pelican/repository
      password: package-test-password
      cache_dir: /srv/pelican/cache
YAML
chmod 0600 "$CHROOT/srv/pelican/config.yml"
in_chroot env RESTIC_PASSWORD=package-test-password restic init --repo /srv/pelican/repository -q >/dev/null
chroot "$CHROOT" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    pouch --headless --config /srv/pelican/config.yml --listen "127.0.0.1:$PORT" >"$OUT/headless.log" 2>&1 &
POUCH_PID=$!
auth=(-H "Authorization: Bearer $TOKEN" -H "Accept: application/json")
for _ in $(seq 1 50); do
    curl -fsS -o /dev/null "${auth[@]}" "http://127.0.0.1:$PORT/api/node" 2>/dev/null && break
    sleep 0.2
done
echo "GET /api/node:"
curl -fsS "${auth[@]}" "http://127.0.0.1:$PORT/api/node"
echo
echo "POST /api/servers/$SERVER/backup:"
BACKUP=9a1b2c3d-0000-4000-8000-000000000001
curl -sS -o /dev/null -w '%{http_code}\n' "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"adapter\":\"restic\",\"uuid\":\"$BACKUP\",\"ignore\":\"\"}" \
    "http://127.0.0.1:$PORT/api/servers/$SERVER/backup"
snapshots=""
for _ in $(seq 1 100); do
    snapshots="$(curl -fsS "${auth[@]}" "http://127.0.0.1:$PORT/api/servers/$SERVER/backup/snapshots")"
    [[ "$snapshots" == *"$BACKUP"* ]] && break
    sleep 0.3
done
echo "GET /api/servers/$SERVER/backup/snapshots:"
echo "$snapshots"
kill "$POUCH_PID"
wait "$POUCH_PID" || true
POUCH_PID=
echo "== pouch --headless output"
cat "$OUT/headless.log"

if command -v systemd-analyze >/dev/null; then
    echo "== systemd-analyze verify (the installed unit, on this machine)"
    # The unit's ExecStart is /usr/bin/pouch of the chroot; verify checks it exists, so point it there.
    sed "s#/usr/bin/pouch#$CHROOT/usr/bin/pouch#" "$CHROOT/lib/systemd/system/pouch-headless.service" \
        >"$OUT/pouch-headless.service"
    systemd-analyze verify "$OUT/pouch-headless.service" && echo "verify: ok"
fi

[[ "$snapshots" == *"$BACKUP"* ]] || { echo "test-package.sh: FAILED: the backup is not listed" >&2; exit 1; }

echo "== apt-get remove, then purge"
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get remove -y pouch-headless >/dev/null
[[ ! -e "$CHROOT/usr/bin/pouch" && -f "$CHROOT/etc/pouch/pouch.yml" ]] ||
    { echo "test-package.sh: FAILED: remove should drop /usr/bin/pouch and keep the conffile" >&2; exit 1; }
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get purge -y pouch-headless >/dev/null
[[ ! -e "$CHROOT/etc/pouch/pouch.yml" ]] || { echo "test-package.sh: FAILED: purge kept the conffile" >&2; exit 1; }
echo "removed: /usr/bin/pouch gone, conffile kept; purged: conffile gone"

if [[ "$GUI" == 1 ]]; then
    GUI_DEB="$(ls "$(dirname "$DEB")"/../../gui/package/pouch_*.deb 2>/dev/null | head -1)"
    [[ -f "$GUI_DEB" ]] || { echo "test-package.sh: no pouch_*.deb (run scripts/package.sh gui)" >&2; exit 2; }
    cp "$GUI_DEB" "$CHROOT/tmp/"
    echo "== apt-get install ./$(basename "$GUI_DEB") over pouch-headless"
    in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "/tmp/$(basename "$DEB")" >/dev/null
    in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "/tmp/$(basename "$GUI_DEB")" |
        grep -E 'REMOVED|^  pouch|newly installed|^Setting up pouch'
    in_chroot dpkg-query -W -f='${Package} ${db:Status-Status}\n' pouch pouch-headless
    in_chroot pouch --version
    in_chroot ls /usr/share/applications/pouch.desktop /usr/share/icons/hicolor/scalable/apps/pouch.svg
    status=0
    in_chroot env QT_QPA_PLATFORM=offscreen timeout 5 pouch || status=$?
    # timeout's 124: the console was still running after 5 s, and SIGTERM closed it.
    [[ "$status" == 124 ]] || { echo "test-package.sh: FAILED: the console exited with $status" >&2; exit 1; }
    echo "console: still up after 5 s on the offscreen platform"
fi
echo "test-package.sh: OK: installed in a clean bookworm; its pouch backed up and listed; removed and purged"
