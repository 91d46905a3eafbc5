#!/usr/bin/env bash
# Idle CPU of the API alone (issue 22): the real server in its own process, no requests, CPU from /proc.
#   tests/HeadlessSales.Benchmarks/idle-cpu.sh [--settle S] [--window S] [--port P] [--postgres CONN] [--no-build] [--perf FILE]
# Builds the API (Release), starts it on 127.0.0.1:PORT (default 5187) against a fresh SQLite data folder (or a new
# PostgreSQL database), waits until /healthz answers, then until a whole 10 s turn uses under 10 ms of CPU (the JIT's
# tier-up and the demo seed have drained; capped by --settle, default 240 s), then reads the process's CPU time
# over --window seconds (default 60) and each thread's share, by thread name (threads that ended in the window are
# summed apart). --perf FILE also records the window with `perf record -g` (perf map on) and writes its report there.
# Stops the server it started.
set -euo pipefail
settle=240 window=60 port=5187 postgres="" build=1 perf_out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --settle) settle="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --postgres) postgres="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --perf) perf_out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
root="$(cd "$(dirname "$0")/../.." && pwd)"
project="$root/api/HeadlessSales.Api"
if [[ $build == 1 ]]; then dotnet build -c Release "$project" -v quiet -nologo >/dev/null; fi
dll="$(ls "$project"/bin/Release/net*/HeadlessSales.Api.dll | head -1)"
data="$(mktemp -d /tmp/headlesssales-idle.XXXXXX)"
ticks=$(getconf CLK_TCK)
export ASPNETCORE_ENVIRONMENT=Production HeadlessSales__DataFolder="$data" Identity__RequireHttps=false
export Logging__LogLevel__Default=Warning
if [[ -n $perf_out ]]; then export DOTNET_PerfMapEnabled=1; fi
database=""
if [[ -n $postgres ]]; then
  database="headlesssales_idle_$$"
  export Database__Provider=PostgreSql Database__ConnectionString="$postgres;Database=$database"
fi
( cd "$project" && exec dotnet "$dll" --urls "http://127.0.0.1:$port" >"$data/server.log" 2>&1 ) &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  if [[ -n $database ]]; then PGPASSWORD="$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$postgres")" \
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true; fi
  rm -rf "$data"
}
trap cleanup EXIT
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }  # utime + stime, in clock ticks
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 1
done
echo "up after $SECONDS s; settling (a 10 s turn under 10 ms of CPU, at most $settle s)"
start=$SECONDS
while (( SECONDS - start < settle )); do
  before=$(cpu); sleep 10; used=$(( ($(cpu) - before) * 1000 / ticks ))
  echo "  turn: $used ms in 10 s"
  (( used < 10 )) && break
done
perf_pid=""
if [[ -n $perf_out ]]; then
  perf record -F 999 -g -p "$pid" -o "$data/perf.data" -- sleep "$window" >/dev/null 2>&1 &
  perf_pid=$!
fi
declare -A thread_before
for task in /proc/$pid/task/*; do thread_before[${task##*/}]=$(awk -F') ' '{split($2, f, " "); print f[12] + f[13]}' "$task/stat" 2>/dev/null || echo 0); done
before=$(cpu); sleep "$window"; after=$(cpu)
echo "idle CPU of the API process over $window s: $(( (after - before) * 1000 / ticks )) ms" \
  "= $(awk -v t=$(( after - before )) -v k="$ticks" -v w="$window" 'BEGIN { printf "%.2f", t * 1000 / k / w }') ms/s" \
  "(clock tick $(( 1000 / ticks )) ms; load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "threads that used CPU in the window (ms):"
live=0
for task in /proc/$pid/task/*; do
  id=${task##*/}
  now=$(awk -F') ' '{split($2, f, " "); print f[12] + f[13]}' "$task/stat" 2>/dev/null || echo 0)
  used=$(( now - ${thread_before[$id]:-0} ))
  live=$(( live + used ))
  if (( used > 0 )); then printf '  %6d  %s\n' $(( used * 1000 / ticks )) "$(cat "$task/comm" 2>/dev/null)"; fi
done | sort -rn
for task in /proc/$pid/task/*; do
  id=${task##*/}
  now=$(awk -F') ' '{split($2, f, " "); print f[12] + f[13]}' "$task/stat" 2>/dev/null || echo 0)
  live=$(( live + now - ${thread_before[$id]:-0} ))
done
echo "  $(( (after - before - live) * 1000 / ticks > 0 ? (after - before - live) * 1000 / ticks : 0 )) ms in threads that ended during the window (thread-pool workers retiring)"
if [[ -n $perf_pid ]]; then
  wait "$perf_pid" || true
  { perf report -i "$data/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null || true; } | head -120 >"$perf_out" || true
  { perf report -i "$data/perf.data" --children --sort sym --stdio -g none 2>/dev/null || true; } | head -200 >>"$perf_out" || true
  echo "perf report written to $perf_out"
fi
