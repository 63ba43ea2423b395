#!/bin/bash
# Load test of headless Pouch: 1,000 SSE subscribers, wrk against a cheap and a restic-backed endpoint for
# 60 s, backups triggered all along so events flow, RSS sampled. Loopback only; bounded; stops by itself.
#   bench/sse_load.sh [SECONDS] [SUBSCRIBERS]
# Environment: BUILD_DIR (default <repo>/build-load, a Release build of pouch and pouch_sse_load).
# Prints a summary and exits non-zero on a failed request, a missed event or a lost subscriber.
set -euo pipefail
duration=${1:-60}
subscribers=${2:-1000}
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-load}

if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPOUCH_GUI=OFF -DPOUCH_TESTS=ON >/dev/null
fi
cmake --build "$build" --target pouch pouch_sse_load -j 2 >/dev/null

# 1,000 subscribers plus wrk's connections are more descriptors than the usual soft limit of 1,024.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -gt 16384 ]; then ulimit -n 16384; else ulimit -n "$hard"; fi

work=$(mktemp -d /tmp/pouch-load-XXXXXX)
pouch_pid= sse_pid= sampler_pid=
cleanup() {
    for pid in $sampler_pid $sse_pid $pouch_pid; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=load-token-$RANDOM$RANDOM
servers=(2b0c7d1e-0000-4000-8000-00000000000a 2b0c7d1e-0000-4000-8000-00000000000b
         2b0c7d1e-0000-4000-8000-00000000000c 2b0c7d1e-0000-4000-8000-00000000000d)
for s in "${servers[@]}"; do
    mkdir -p "$work/volumes/$s/world"
    head -c 8M /dev/urandom >"$work/volumes/$s/world/region.bin"
    for i in $(seq 1 50); do echo "line $i of $s" >"$work/volumes/$s/world/file$i.txt"; done
done
export RESTIC_PASSWORD=load-test-password
restic init --repo "$work/repository" -q >/dev/null
cat >"$work/config.yml" <<YML
token_id: load
token: $token
api:
  host: 127.0.0.1
  port: $port
system:
  root_directory: $work
  data: $work/volumes
  tmp_directory: $work/tmp
  backups:
    restic:
      enabled: true
      repository: $work/repository
      password: $RESTIC_PASSWORD
      cache_dir: $work/cache
YML
chmod 600 "$work/config.yml"
unset RESTIC_PASSWORD

"$build/src/app/pouch" --headless --config "$work/config.yml" >"$work/pouch.out" 2>"$work/pouch.log" &
pouch_pid=$!
for _ in $(seq 1 100); do grep -q serving "$work/pouch.out" 2>/dev/null && break; sleep 0.1; done
grep -q serving "$work/pouch.out" || { echo "pouch did not start"; cat "$work/pouch.log"; exit 1; }

rss() { awk '/VmRSS/ {print $2}' "/proc/$pouch_pid/status"; }
fds() { ls "/proc/$pouch_pid/fd" | wc -l; }
rss_start=$(rss)

# Subscribers; closing fd 3 tells them to report (so nothing started later may inherit it: 3>&-).
mkfifo "$work/sse.ctl"
"$build/bench/pouch_sse_load" --port "$port" --token "$token" --servers "$(IFS=,; echo "${servers[*]}")" \
    --subscribers "$subscribers" --max-seconds $((duration + 240)) <"$work/sse.ctl" >"$work/sse.out" 2>"$work/sse.err" &
sse_pid=$!
exec 3>"$work/sse.ctl"
for _ in $(seq 1 600); do grep -q subscribed "$work/sse.out" && break; sleep 0.1; done
grep -q subscribed "$work/sse.out" || { echo "subscribers did not connect"; cat "$work/sse.err" | tail; exit 1; }
rss_subscribed=$(rss)
fds_subscribed=$(fds)

# RSS every 5 s while the load runs.
(while kill -0 "$pouch_pid" 2>/dev/null; do echo "$(date +%s) $(rss)"; sleep 5; done) >"$work/rss.txt" 3>&- &
sampler_pid=$!

# wrk counts statuses itself: the cheap request's 404 is the expected answer, anything else is a failure.
cat >"$work/status.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
    expected = tonumber(args[1]); good = 0; bad = 0
    wrk.headers["Authorization"] = "Bearer " .. args[2]
end
function response(status, headers, body)
    if status == expected then good = good + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
    local g, b = 0, 0
    for _, t in ipairs(threads) do g = g + t:get("good"); b = b + t:get("bad") end
    io.write(string.format("expected_status %d\nunexpected_status %d\n", g, b))
    for _, p in ipairs({50, 90, 99, 99.9}) do
        io.write(string.format("latency_p%s_ms %.2f\n", p, latency:percentile(p) / 1000))
    end
    io.write(string.format("latency_max_ms %.2f\n", latency.max / 1000))
end
LUA
base=http://127.0.0.1:$port
cheap="$base/api/servers/ffffffff-ffff-4fff-8fff-ffffffffffff/backup/snapshots" # unknown server: 404, no restic
listing="$base/api/servers/${servers[0]}/backup/snapshots"                      # runs restic snapshots
wrk -t 2 -c 32 -d "${duration}s" --timeout 10s -s "$work/status.lua" "$cheap" -- 404 "$token" >"$work/wrk-cheap.txt" 2>&1 3>&- &
wrk_cheap=$!
wrk -t 1 -c 4 -d "${duration}s" --timeout 30s -s "$work/status.lua" "$listing" -- 200 "$token" >"$work/wrk-list.txt" 2>&1 3>&- &
wrk_list=$!

# Backups all along: every 2 s the next server, new data each time so restic has work and reports progress.
accepted=0 busy=0 other=0 i=0
end=$((SECONDS + duration))
while [ $SECONDS -lt $end ]; do
    s=${servers[$((i % ${#servers[@]}))]}
    head -c 2M /dev/urandom >"$work/volumes/$s/world/chunk$((i % 3)).bin"
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 10 -H "Authorization: Bearer $token" \
        -d "{\"adapter\":\"restic\",\"uuid\":\"$(cat /proc/sys/kernel/random/uuid)\",\"ignore\":\"\"}" \
        "$base/api/servers/$s/backup")
    case $code in 202) accepted=$((accepted + 1)) ;; 409) busy=$((busy + 1)) ;; *) other=$((other + 1)) ;; esac
    [ $((i % 15)) -eq 7 ] && rss_middle=$(rss)
    i=$((i + 1))
    sleep 2
done
wait $wrk_cheap $wrk_list || true
rss_end_load=$(rss)

# Let the last backups finish (their "completed" events are part of the count), then collect.
for _ in $(seq 1 120); do
    [ "$(grep -c 'saved as' "$work/pouch.log" || true)" -ge "$accepted" ] && break
    sleep 0.5
done
sleep 2
rss_end=$(rss)
exec 3>&-
wait $sse_pid && sse_ok=1 || sse_ok=0
kill "$sampler_pid" 2>/dev/null || true

echo "== machine"
echo "cpus $(nproc) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== wrk: cheap endpoint (404 unknown server, authenticated; 2 threads, 32 connections, ${duration}s)"
grep -E 'Requests/sec|requests in|Socket errors|Non-2xx' "$work/wrk-cheap.txt" || true
grep -E '^(expected|unexpected|latency)' "$work/wrk-cheap.txt"
echo "== wrk: GET snapshots (runs restic; 1 thread, 4 connections, ${duration}s)"
grep -E 'Requests/sec|requests in|Socket errors|Non-2xx' "$work/wrk-list.txt" || true
grep -E '^(expected|unexpected|latency)' "$work/wrk-list.txt"
echo "== backups: accepted $accepted, busy (409) $busy, other $other; completed $(grep -c 'saved as' "$work/pouch.log" || true)"
echo "== SSE"
cat "$work/sse.out"
echo "server_disconnects $(grep -c 'disconnected by the server' "$work/sse.err" || true)"
echo "== pouch RSS (KiB): start $rss_start, ${subscribers} subscribed $rss_subscribed, middle ${rss_middle:-?}," \
    "end of load $rss_end_load, after drain $rss_end; open fds with subscribers $fds_subscribed"
echo "rss_series $(awk '{printf "%s ", $2}' "$work/rss.txt")"
echo "dropped_subscribers_in_log $(grep -c 'dropping slow event subscriber' "$work/pouch.log" || true)"

failed=0
grep -q '^unexpected_status 0$' "$work/wrk-cheap.txt" || failed=1
grep -q '^unexpected_status 0$' "$work/wrk-list.txt" || failed=1
grep -q 'Socket errors' "$work/wrk-cheap.txt" "$work/wrk-list.txt" && failed=1
[ "$sse_ok" = 1 ] || failed=1
[ "$other" = 0 ] || failed=1
# Every accepted backup announced its end to everyone.
grep -q "^events_published_by_name \"backup completed\" $accepted\$" "$work/sse.out" || failed=1
echo "== $([ $failed = 0 ] && echo PASS || echo FAIL)"
exit $failed
