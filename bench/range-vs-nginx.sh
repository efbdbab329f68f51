#!/usr/bin/env bash
# Random 1 MiB range GETs against nginx and against StreamVault's RangeFileResult on the same file,
# with the same wrk settings, in one run. Prints requests/s and MB/s for both and the ratio ours/nginx.
#   DURATION=3s ROUNDS=1 bench/range-vs-nginx.sh   (defaults: DURATION=10s ROUNDS=3 THREADS=2 CONNECTIONS=32 SIZE_MIB=256)
# Rounds alternate nginx and ours so that load from elsewhere on the machine hits both alike.
# Needs nginx (/usr/sbin/nginx), wrk and the .NET SDK. Not part of the test suite: it prints figures, asserts nothing.
set -euo pipefail

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SIZE_MIB=${SIZE_MIB:-256}
ROUNDS=${ROUNDS:-3}
NGINX=${NGINX:-/usr/sbin/nginx}
here=$(cd "$(dirname "$0")" && pwd)

for tool in "$NGINX" wrk dotnet curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y nginx-light wrk curl)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/sv-rangebench.XXXXXX)

# shellcheck source=bench/nginx-static.sh
. "$here/nginx-static.sh"

echo "building StreamVault.RangeBench (Release)..."
dotnet build "$here/StreamVault.RangeBench/StreamVault.RangeBench.csproj" -c Release -o "$work/bin" -v quiet -nologo >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }

mkdir -p "$work/www"
chmod 755 "$work" "$work/www"
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom >"$work/www/bench.bin"
chmod 644 "$work/www/bench.bin"

start_static_nginx "$work/www"

ours_port=$(free_port)
DOTNET_gcServer=1 dotnet "$work/bin/StreamVault.RangeBench.dll" "$work/www/bench.bin" "$ours_port" >"$work/ours.log" 2>&1 &
pids+=($!)

wait_for "http://127.0.0.1:$nginx_port/bench.bin"
wait_for "http://127.0.0.1:$ours_port/bench.bin"
for port in "$nginx_port" "$ours_port"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Range: bytes=1048576-2097151' "http://127.0.0.1:$port/bench.bin")
  [ "$status" = 206 ] || { echo "port $port answered $status to a range request" >&2; exit 1; }
done

run_wrk() { # name url duration
  SLICES=$SIZE_MIB BENCH_PATH=/bench.bin wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency -s "$here/range-vs-nginx.lua" "$2" >"$work/$1.txt" 2>&1
}

echo "warming up (JIT, page cache)..."
run_wrk warm-nginx "http://127.0.0.1:$nginx_port/bench.bin" 2s
run_wrk warm-ours "http://127.0.0.1:$ours_port/bench.bin" 2s

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION x $ROUNDS rounds (alternating), random 1 MiB aligned ranges of a $SIZE_MIB MiB file"
for round in $(seq 1 "$ROUNDS"); do
  for name in nginx ours; do
    port=$nginx_port; [ "$name" = ours ] && port=$ours_port
    run_wrk "$name-$round" "http://127.0.0.1:$port/bench.bin" "$DURATION"
    out="$work/$name-$round.txt"
    # Each answer must be one 1 MiB part (206), not the whole file (200) nor an error page.
    awk -v r="$(rps "$out")" -v m="$(mbps "$out")" 'BEGIN { b = m * 1000000 / r; exit !(b > 0.95 * 1048576 && b < 1.1 * 1048576) }' \
      || { cat "$out"; echo "$name did not move ~1 MiB per request" >&2; exit 1; }
    printf 'round %d %-6s %10s req/s %10s MB/s   p50 %s  p99 %s\n' "$round" "$name" "$(rps "$out")" "$(mbps "$out")" \
      "$(awk '$1 == "50%" { print $2 }' "$out")" "$(awk '$1 == "99%" { print $2 }' "$out")"
    rps "$out" >>"$work/$name.rps"
    mbps "$out" >>"$work/$name.mbps"
  done
done

mean() { awk '{ s += $1; n++ } END { printf "%.1f", s / n }' "$1"; }
printf 'nginx  mean %10s req/s %10s MB/s\n' "$(mean "$work/nginx.rps")" "$(mean "$work/nginx.mbps")"
printf 'ours   mean %10s req/s %10s MB/s\n' "$(mean "$work/ours.rps")" "$(mean "$work/ours.mbps")"
awk -v a="$(mean "$work/ours.rps")" -v b="$(mean "$work/nginx.rps")" 'BEGIN { printf "ratio ours/nginx: %.2f\n", a / b }'
