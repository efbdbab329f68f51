# Shared by the nginx comparisons (sourced): a free loopback port, a stock static-file nginx, and wrk's figures.
# Expects $work (a scratch folder) and $NGINX.

# What the caller started (pids) is stopped, and the scratch folder removed, however the script ends.
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() { # url: until it answers, for 30 s at most
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null -r 0-0 "$1" && return 0
    sleep 0.1
  done
  echo "server at $1 did not come up" >&2
  exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A stock nginx for static files under $1: a worker per core, sendfile and tcp_nopush on (Debian's nginx.conf has
# both), no access log; keep-alive unlimited as Kestrel's is, so neither side pays for reconnects. Sets nginx_port.
start_static_nginx() {
  nginx_port=$(free_port)
  cat >"$work/nginx.conf" <<CONF
worker_processes $(nproc);
worker_rlimit_nofile 65536;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/client_body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  etag on;
  server {
    listen 127.0.0.1:$nginx_port backlog=4096;
    root $1;
    location / { }
  }
}
CONF
  "$NGINX" -p "$work" -e "$work/error.log" -c "$work/nginx.conf" -g 'daemon off;' &
  pids+=($!)
}

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
mbps() { # wrk prints Transfer/sec with a unit; convert to MB/s (10^6 bytes)
  awk '/^Transfer\/sec:/ {
    v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[A-Za-z]+$/, "", v)
    f = (u == "GB") ? 1073741824 : (u == "MB") ? 1048576 : (u == "KB") ? 1024 : 1
    printf "%.1f\n", v * f / 1000000 }' "$1"
}
