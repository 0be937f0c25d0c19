# The reference side of bench/run.sh: nginx with the nchan module, started by the bench in a folder of
# its own (generated config, pid file, temp paths, port), in the foreground, and stopped by it. Source
# it; the functions use the caller's WORK, OUT, NCHAN_PORT and set SERVER_PID and SERVER_PIDS.
#
# Channels: POST /pub/<channel> publishes (the X-EventSource-Event header names the event), GET
# /events subscribes to the channel "project" (cases B, C, E), GET /sub/<channel> to <channel> and
# "project" at once (case A: a run's log lines and the status events of every run, like the app's
# stream of a project that follows one run's log).

NCHAN_MODULE="${NCHAN_MODULE:-/usr/lib/nginx/modules/ngx_nchan_module.so}"

nchan_check() {
  if ! command -v nginx >/dev/null || [[ ! -f $NCHAN_MODULE ]]; then
    echo "the nchan side needs nginx and its nchan module: apt-get install nginx libnginx-mod-nchan" >&2
    echo "(or NCHAN_MODULE=<path to ngx_nchan_module.so>, or BENCH_SIDES=ours to leave nchan out)" >&2
    exit 1
  fi
}

# Two workers for two cores, as many connections as the bench opens, no replay of old messages to a
# new subscriber (SseBench would count them as late deliveries), and a channel buffer as long as a
# whole case: with nchan's default of 10 messages, a loaded machine makes it reap messages that slow
# subscribers have not been sent yet ("force-reaping msg"), and they are lost.
nchan_config() { # $1 = folder
  local dir=$1 nofile; nofile=$(ulimit -n)
  mkdir -p "$dir/temp"
  cat > "$dir/nginx.conf" <<EOF
load_module $NCHAN_MODULE;
worker_processes 2;
worker_rlimit_nofile $nofile;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections $(( nofile < 32768 ? nofile : 32768 )); }
http {
  access_log off;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  nchan_shared_memory_size 256m;
  nchan_message_buffer_length 5000;
  nchan_message_timeout 10m;
  server {
    listen 127.0.0.1:$NCHAN_PORT backlog=4096;
    location ~ ^/pub/(\w+)$ { nchan_publisher http; nchan_channel_id \$1; }
    location = /events { nchan_subscriber eventsource; nchan_channel_id project; nchan_subscriber_first_message newest; }
    location ~ ^/sub/(\w+)$ { nchan_subscriber eventsource; nchan_channel_id \$1 project; nchan_subscriber_first_message newest; }
  }
}
EOF
}

start_nchan() { # $1 = label
  local dir="$WORK/nchan"
  rm -rf "$dir"; nchan_config "$dir"
  nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' > "$OUT/server-$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$NCHAN_PORT/pub/ping" 2>/dev/null && break; sleep 0.1; done
  SERVER_PIDS="$SERVER_PID $(pgrep -P "$SERVER_PID" | tr '\n' ' ')"   # the master and its workers
}

# The workers' resident memory (kB): they hold the connections and nchan's shared memory they touched.
nchan_rss_kb() {
  local sum=0 p
  for p in $(pgrep -P "$SERVER_PID"); do sum=$(( sum + $(awk '/^VmRSS:/{print $2}' "/proc/$p/status") )); done
  echo "$sum"
}
