#!/usr/bin/env bash
# Intake throughput over TLS keep-alive: crisisd (durable: every 201 is an fsynced SQLite commit) against a
# bare Hummingbird TLS server answering the same POST, under the same wrk load, in one run.
# Usage: Benchmarks/intake/run.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
connections=${2:-32}
scratch=.build-release

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
CRISISD_BENCHMARKS=1 swift build -c release --scratch-path "$scratch" --product crisisd >&2
CRISISD_BENCHMARKS=1 swift build -c release --scratch-path "$scratch" --product crisisd-bare-server >&2
bin="$scratch/release"

work=$(mktemp -d)
cleanup() { kill "${daemon:-}" "${bare:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

port=18543
CRISISD_LOG_LEVEL=warning "$bin/crisisd" serve --dev --data-dir "$work/var" --port "$port" 2>"$work/daemon.log" &
daemon=$!
for _ in $(seq 100); do curl -sf --cacert "$work/var/tls/dev-ca.pem" "https://localhost:$port/readyz" >/dev/null && break; sleep 0.1; done
export CRISISD_BENCH_TOKEN=$("$bin/crisisd" token create --data-dir "$work/var" --name bench --role ehr 2>/dev/null)

run_wrk() { wrk -t1 -c"$connections" -d"${duration}s" --latency -s Benchmarks/intake/post.lua "$1"; }

echo "== crisisd: POST /api/v1/assessments (${duration}s, 1 thread, $connections connections)"
crisisd_out=$(run_wrk "https://localhost:$port/api/v1/assessments")
echo "$crisisd_out"
rows=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from assessment').fetchone()[0])" "$work/var/crisisd.sqlite")
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$daemon/status")
kill "$daemon"; wait "$daemon" 2>/dev/null || true; daemon=

bare_port=18544
"$bin/crisisd-bare-server" "$bare_port" "$work/var/tls/dev-cert.pem" "$work/var/tls/dev-key.pem" >/dev/null 2>&1 &
bare=$!
for _ in $(seq 100); do curl -s --cacert "$work/var/tls/dev-ca.pem" -o /dev/null "https://localhost:$bare_port/" && break; sleep 0.1; done
echo "== bare Hummingbird TLS server: same POST"
bare_out=$(run_wrk "https://localhost:$bare_port/api/v1/assessments")
echo "$bare_out"

python3 - "$crisisd_out" "$bare_out" "$rows" "$rss_kb" <<'PY'
import re, sys
def parse(text):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    total = int(re.search(r"(\d+) requests in", text).group(1))
    return rate, pct(50), pct(99), int(non2xx.group(1)) if non2xx else 0, total
c, b = parse(sys.argv[1]), parse(sys.argv[2])
print()
print("| server | requests/s | p50 ms | p99 ms | non-2xx |")
print("| --- | ---: | ---: | ---: | ---: |")
print(f"| crisisd (durable) | {c[0]:.0f} | {c[1]:.2f} | {c[2]:.2f} | {c[3]} |")
print(f"| bare Hummingbird TLS | {b[0]:.0f} | {b[1]:.2f} | {b[2]:.2f} | {b[3]} |")
print(f"\nratio crisisd / bare: {c[0] / b[0]:.3f}; rows committed: {sys.argv[3]} of {c[4]} requests; "
      f"daemon RSS after the run: {int(sys.argv[4]) / 1024:.1f} MiB")
PY
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"

echo
echo "== start-up and idle memory"
python3 Benchmarks/startup/run.py "$bin/crisisd" 5
