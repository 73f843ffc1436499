#!/usr/bin/env bash
# GET /health/live and GET /health of the fat jar under load, side by side with a minimal Vert.x server
# that answers a constant; then the cost of one system-metric collection tick.
# The service runs with every built-in check configured against loopback stand-ins (SMTP greeter,
# Discord-like webhook stub, HTTP probe target) that this script starts and stops.
# Usage: bench/health-bench.sh [seconds per run (default 15)] [connections (default 64)]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-15}
CONNECTIONS=${2:-64}
THREADS=${WRK_THREADS:-2}
OUT=bench/out
mkdir -p "$OUT"

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "building the fat jar"
mvn -B -q -ntp package -DskipTests >/dev/null

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

wait_http() {
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "no answer from $1" >&2
  return 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

rm -f "$OUT/ports.env"
bench/run-java.sh com.exchangeanalytics.infra.bench.HealthBenchmark standins "$OUT/ports.env" \
  >"$OUT/standins.log" 2>&1 &
standins_pid=$!
pids+=($standins_pid)
for _ in $(seq 1 240); do [ -s "$OUT/ports.env" ] && break; sleep 0.5; done
# shellcheck disable=SC1091
source "$OUT/ports.env"

SERVICE_PORT=$(free_port)
env -u REDIS_URL -u HEALTH_TOKEN \
  HTTP_PORT="$SERVICE_PORT" HTTP_HOST=127.0.0.1 DATA_DIR="$(mktemp -d)" LOG_LEVEL=WARN \
  SMTP_HOST=127.0.0.1 SMTP_PORT="$SMTP_STANDIN_PORT" SMTP_STARTTLS=disabled \
  DISCORD_WEBHOOK_URL="http://127.0.0.1:$DISCORD_STANDIN_PORT/api/webhooks/1/bench-token" \
  HEALTH_PROBES="api=http://127.0.0.1:$PROBE_STANDIN_PORT/probe" \
  java ${BENCH_JAVA_OPTS:-} -jar target/exchange-analytics-infra-fat.jar >"$OUT/service.log" 2>&1 &
pids+=($!)

CONSTANT_URL="http://127.0.0.1:$CONSTANT_PORT/constant"
LIVE_URL="http://127.0.0.1:$SERVICE_PORT/health/live"
HEALTH_URL="http://127.0.0.1:$SERVICE_PORT/health"
wait_http "$CONSTANT_URL"
wait_http "$LIVE_URL"
echo "checks configured: $(curl -s "$HEALTH_URL" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(", ".join(c["name"]+"="+c["status"] for c in r["checks"]))')"

# wrk prints "Requests/sec: N" and, with --latency, a "99%" line; p99 is normalised to ms.
run_wrk() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1" >"$OUT/wrk-$2.txt" 2>&1
  python3 - "$OUT/wrk-$2.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", text).groups()
p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {p99:.2f} {errors.group(1) if errors else 0}")
PY
}

echo "warming up (5 s each)"
for url in "$CONSTANT_URL" "$LIVE_URL" "$HEALTH_URL"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$url" >/dev/null 2>&1
done

echo "measuring: $DURATION s per route, $CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores"
read -r c_rps c_p99 _ < <(run_wrk "$CONSTANT_URL" constant)
read -r l_rps l_p99 _ < <(run_wrk "$LIVE_URL" live)
read -r h_rps h_p99 h_non2xx < <(run_wrk "$HEALTH_URL" health)

printf '\n%-22s %12s %10s %8s %6s\n' route "requests/s" "p99 ms" ratio aim
printf '%-22s %12s %10s %8s %6s\n' "constant (plain Vert.x)" "$c_rps" "$c_p99" "1.00" "-"
printf '%-22s %12s %10s %8s %6s\n' "/health/live" "$l_rps" "$l_p99" \
  "$(python3 -c "print(f'{$l_rps/$c_rps:.2f}')")" "0.90"
printf '%-22s %12s %10s %8s %6s\n' "/health" "$h_rps" "$h_p99" \
  "$(python3 -c "print(f'{$h_rps/$c_rps:.2f}')")" "0.70"
if [ "$h_non2xx" != "0" ]; then
  echo "(/health answered 503 to $h_non2xx requests: a check is unhealthy, see above)"
fi
kill "$standins_pid" 2>/dev/null || true
wait "$standins_pid" 2>/dev/null || true
echo "calls that reached the stand-ins during the whole run (the result cache at work):"
grep -o 'stand-in.*' "$OUT/standins.log" || true

echo
echo "collection tick (OSHI, this machine):"
bench/run-java.sh com.exchangeanalytics.infra.bench.HealthBenchmark tick 20
