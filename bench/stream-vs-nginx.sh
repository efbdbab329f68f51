#!/usr/bin/env bash
# The real /stream endpoint against nginx on the same bytes, in one run: nginx serving the file; the StreamVault server
# (Release build, as `serve` runs it) through an ingested title on the local vault; and the same bytes through a remote
# vault (the simulated Telegram) whose slices are all in the disk slice cache, so every request is a cache hit.
# Random 1 MiB ranges (wrk), at 32 and at 1,000 connections, rounds alternating nginx and ours; prints requests/s,
# MB/s, the ratio ours/nginx per setting (of the means, and the median of each round's ratio to the nginx run just
# before it, which drifting load from elsewhere disturbs less), the server CPU per request, and each server's resident
# memory (VmRSS sampled, VmHWM) while the 1,000 streams are open. Prints figures, asserts nothing (it stops only when an answer is wrong).
#   bash bench/stream-vs-nginx.sh              (DURATION=10s ROUNDS=3 SIZE_MIB=256 CONNECTIONS="32 1000" WARMUP=15 seconds)
#   DURATION=3s ROUNDS=1 SIZE_MIB=64 WARMUP=3 bash bench/stream-vs-nginx.sh   (quick: under a minute once built)
#   SERVER_ENV="DOTNET_GCgen0size=0x4000000 ..."             (environment for the StreamVault servers only)
#   HOLD=1 ...                                               (set up, print pids and links, and wait: for perf/strace)
# Needs nginx (/usr/sbin/nginx), wrk, curl, python3 and the .NET SDK.
set -euo pipefail

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32 1000}
SIZE_MIB=${SIZE_MIB:-256}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-15}
SERVER_ENV=${SERVER_ENV:-}
NGINX=${NGINX:-/usr/sbin/nginx}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
secret=stream-bench-secret

for tool in "$NGINX" wrk dotnet curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y nginx-light wrk curl python3)" >&2; exit 1; }
done
# wrk and both servers hold a descriptor per connection.
ulimit -n 65536 2>/dev/null || true

work=$(mktemp -d /tmp/sv-streambench.XXXXXX)

# shellcheck source=bench/nginx-static.sh
. "$here/nginx-static.sh"

if [ "${BUILD:-1}" = 1 ]; then
  echo "building the server (Release)..."
  dotnet build "$repo/src/StreamVault.Server/StreamVault.Server.csproj" -c Release -v quiet -nologo >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
fi
dll="$repo/src/StreamVault.Server/bin/Release/net10.0/streamvault.dll"

# The title: random bytes behind the Matroska magic (ingest without ffprobe checks the first bytes only).
mkdir -p "$work/www" "$work/media-local" "$work/media-cache"
python3 - "$work/www/bench.mkv" "$SIZE_MIB" <<'PY'
import os, sys
path, mib = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as f:
    for i in range(mib):
        block = bytearray(os.urandom(1 << 20))
        if i == 0:
            block[0:4] = b"\x1a\x45\xdf\xa3"
        f.write(block)
PY
chmod 755 "$work" "$work/www"
chmod 644 "$work/www/bench.mkv"
ln "$work/www/bench.mkv" "$work/media-local/Bench.Title.2024.1080p.WEB-DL.x264-BENCH.mkv"
ln "$work/www/bench.mkv" "$work/media-cache/Bench.Title.2024.1080p.WEB-DL.x264-BENCH.mkv"

start_static_nginx "$work/www"

# One server per vault, each with its own data folder; the idle one costs nothing while the other is measured.
declare -A port pid link
server_envs() { # name -> the server's environment, one NAME=VALUE a line
  local vault=local; [ "$1" = cache ] && vault=simulated-telegram
  printf '%s\n' STREAMVAULT__DATADIRECTORY="$work/data-$1" STREAMVAULT__DELIVERY__LINKSIGNINGSECRET="$secret" \
    STREAMVAULT__CATALOG__DEMOTITLES=false STREAMVAULT__CATALOG__FFPROBEPATH=none STREAMVAULT__ARTWORK__FFMPEGPATH=none \
    STREAMVAULT__VAULTS__DEFAULT="$vault" NO_COLOR=1 $SERVER_ENV
}
echo "ingesting $SIZE_MIB MiB into the local and the simulated-telegram vault..."
ingests=()
for name in local cache; do
  mapfile -t envs < <(server_envs "$name")
  env "${envs[@]}" dotnet "$dll" ingest "$work/media-$name" >"$work/ingest-$name.log" 2>&1 &
  ingests+=($!)
done
for job in "${ingests[@]}"; do
  wait "$job" || { cat "$work"/ingest-*.log; exit 1; }
done
for name in local cache; do
  mapfile -t envs < <(server_envs "$name")
  port[$name]=$(free_port)
  # A simple command in the background, so $! is the server itself (env execs dotnet), whose /proc/PID/status counts.
  env "${envs[@]}" dotnet "$dll" serve --urls "http://127.0.0.1:${port[$name]}" >"$work/server-$name.log" 2>&1 &
  pid[$name]=$!
  pids+=("${pid[$name]}")
done

wait_for "http://127.0.0.1:$nginx_port/bench.mkv"
for name in local cache; do
  wait_for "http://127.0.0.1:${port[$name]}/healthz"
  id=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT PublicId FROM MediaFiles").fetchone()[0])' "$work/data-$name/catalog.db")
  # A fresh play link, minted by the server as a player asks for one.
  link[$name]=$(curl -fs "http://127.0.0.1:${port[$name]}/api/links/play/$id" | python3 -c 'import json, sys; print(json.load(sys.stdin)["stream"])')
done

echo "warming the slice cache (every slice of the remote title on disk)..."
slices() { find "$work/data-cache/cache" -name '*.slice' 2>/dev/null | wc -l; }
for _ in $(seq 1 20); do
  curl -fs -o /dev/null "http://127.0.0.1:${port[cache]}${link[cache]}"
  [ "$(slices)" -ge "$SIZE_MIB" ] && break
done
[ "$(slices)" -ge "$SIZE_MIB" ] || { echo "only $(slices) of $SIZE_MIB slices reached the cache" >&2; exit 1; }

# Same bytes everywhere: a range from each server must equal nginx's.
for name in local cache; do
  cmp <(curl -fs -r 5000000-7000000 "http://127.0.0.1:$nginx_port/bench.mkv") \
      <(curl -fs -r 5000000-7000000 "http://127.0.0.1:${port[$name]}${link[$name]}") \
    || { echo "$name did not answer nginx's bytes" >&2; exit 1; }
done

url_of() { # target -> base url
  case $1 in nginx) echo "http://127.0.0.1:$nginx_port" ;; *) echo "http://127.0.0.1:${port[$1]}" ;; esac
}
path_of() { case $1 in nginx) echo /bench.mkv ;; *) echo "${link[$1]}" ;; esac; }
run_wrk() { # out target connections duration lua
  SLICES=$SIZE_MIB BENCH_PATH=$(path_of "$2") wrk -t"$THREADS" -c"$3" -d"$4" --timeout 30s --latency -s "$5" "$(url_of "$2")" >"$work/$1.txt" 2>&1
}
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
server_pids() { # target -> the processes that serve it (nginx: its workers)
  case $1 in nginx) pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ' ;; *) echo "${pid[$1]}" ;; esac
}
cpu_ticks() { # pids... -> user+system clock ticks so far
  local total=0 p; for p in "$@"; do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$total"
}
sample_rss() { # pid out: highest VmRSS seen every 200 ms, until killed
  local high=0 now
  while :; do
    now=$(status_kib "$1" VmRSS); [ "${now:-0}" -gt "$high" ] && high=$now && echo "$high" >"$2"
    sleep 0.2
  done
}

if [ "${HOLD:-0}" = 1 ]; then
  # For profiling by hand (perf, strace) against the servers as they are set up here.
  for name in local cache; do echo "$name: pid ${pid[$name]} http://127.0.0.1:${port[$name]}${link[$name]}"; done
  echo "nginx: http://127.0.0.1:$nginx_port/bench.mkv; holding until interrupted"
  wait
fi

# Until the JIT has finished tiering up (instrumented code runs meanwhile, at up to twice the CPU per request): what is
# compared is a server that has been up for a while, as a real one has.
echo "warming up (${WARMUP}s each: JIT tiers, page cache)..."
for target in nginx local cache; do
  run_wrk "warm-$target" "$target" 32 "${WARMUP}s" "$here/range-vs-nginx.lua"
done

measure() { # kind lua expected-bytes-per-request
  local kind=$1 lua=$2 expect=$3
  for c in $CONNECTIONS; do
    echo "$kind, wrk -t$THREADS -c$c -d$DURATION x $ROUNDS rounds (alternating nginx, local, cache) [load: $(cut -d' ' -f1-3 /proc/loadavg)]"
    for round in $(seq 1 "$ROUNDS"); do
      for target in nginx local cache; do
        local sampler=""
        if [ "$target" != nginx ]; then
          sample_rss "${pid[$target]}" "$work/rss-$target-$kind-$c" & sampler=$!
        fi
        # shellcheck disable=SC2046 # a list of pids
        local before; before=$(cpu_ticks $(server_pids "$target"))
        run_wrk "$kind-$target-$c-$round" "$target" "$c" "$DURATION" "$lua"
        # shellcheck disable=SC2046
        local ticks=$(( $(cpu_ticks $(server_pids "$target")) - before ))
        if [ -n "$sampler" ]; then
          kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
          status_kib "${pid[$target]}" VmHWM >"$work/hwm-$target-$kind-$c"
        fi
        local out="$work/$kind-$target-$c-$round.txt"
        # Each answer must be a 206 of the asked 1 MiB, not an error page nor the whole file. wrk also counts the bytes
        # of responses still under way when it stops (up to one per connection), hence the loose upper bound.
        awk -v r="$(rps "$out")" -v m="$(mbps "$out")" -v e="$expect" 'BEGIN { b = m * 1000000 / r; exit !(r > 0 && b > 0.95 * e && b < 3 * e) }' \
          || { cat "$out"; echo "$target did not move ~$expect bytes per request" >&2; exit 1; }
        if grep -q 'Non-2xx' "$out"; then cat "$out"; echo "$target answered errors" >&2; exit 1; fi
        grep 'Socket errors' "$out" | sed "s/^/  $target: /" || true
        # Server CPU per request (user + system, the kernel's sendfile work included): what one answer costs, which the
        # load of other processes on the machine changes far less than it changes requests/s.
        local requests; requests=$(awk '/requests in/ { print $1 }' "$out")
        local us; us=$(awk -v t="$ticks" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1000000 / hz / n }')
        printf '  round %d %-6s %9s req/s %9s MB/s   p50 %8s  p99 %8s  cpu %4s us/req\n' "$round" "$target" "$(rps "$out")" "$(mbps "$out")" \
          "$(awk '$1 == "50%" { print $2 }' "$out")" "$(awk '$1 == "99%" { print $2 }' "$out")" "$us"
        rps "$out" >>"$work/$kind-$target-$c.rps"
        mbps "$out" >>"$work/$kind-$target-$c.mbps"
        echo "$us" >>"$work/$kind-$target-$c.cpu"
        # This round's ratio to the nginx run just before it: load from elsewhere drifts less within a round.
        [ "$target" = nginx ] || awk -v a="$(rps "$out")" -v b="$(tail -1 "$work/$kind-nginx-$c.rps")" 'BEGIN { printf "%.3f\n", a / b }' >>"$work/$kind-$target-$c.ratio"
      done
    done
  done
}

measure "random 1 MiB ranges" "$here/range-vs-nginx.lua" 1048576
kinds=("random 1 MiB ranges")

mean() { awk '{ s += $1; n++ } END { printf "%.1f", s / n }' "$1"; }
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "means over $ROUNDS rounds of $DURATION, $SIZE_MIB MiB title, wrk -t$THREADS (MB = 10^6 bytes; RSS/HWM in MiB, while the connections were open)"
echo "ratio: mean req/s over nginx's; per-round: median of each round's ratio to the nginx run before it; cpu: server us per request"
printf '%-20s %6s %-6s %10s %9s %7s %9s %7s %9s %9s\n' kind conns server 'req/s' 'MB/s' 'ratio' 'per-round' 'cpu' 'VmRSS' 'VmHWM'
for kind in "${kinds[@]}"; do
  for c in $CONNECTIONS; do
    base=$(mean "$work/$kind-nginx-$c.rps")
    for target in nginx local cache; do
      r=$(mean "$work/$kind-$target-$c.rps")
      rss=-; hwm=-
      if [ "$target" != nginx ]; then
        rss=$(awk '{ printf "%.0f", $1 / 1024 }' "$work/rss-$target-$kind-$c" 2>/dev/null || echo -)
        hwm=$(awk '{ printf "%.0f", $1 / 1024 }' "$work/hwm-$target-$kind-$c")
      fi
      m=$(mean "$work/$kind-$target-$c.mbps")
      per=1.00; [ "$target" = nginx ] || per=$(median "$work/$kind-$target-$c.ratio")
      printf '%-20s %6s %-6s %10s %9s %7s %9s %7s %9s %9s\n' "$kind" "$c" "$target" "$r" "$m" \
        "$(awk -v a="$r" -v b="$base" 'BEGIN { printf "%.2f", a / b }')" "$per" "$(mean "$work/$kind-$target-$c.cpu" | cut -d. -f1)" "$rss" "$hwm"
    done
  done
done
