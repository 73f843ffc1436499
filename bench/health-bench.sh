#!/usr/bin/env bash
# GET /health/live and GET /health of the fat jar under load, side by side with a minimal Vert.x server
# that answers a constant (and, for information, the same server with the metrics options Main uses: the
# share of the gap that Vert.x's own per-request metrics cost); then the cost of one collection tick.
# The service runs with every built-in check configured against loopback stand-ins (SMTP greeter,
# Discord-like webhook stub, HTTP probe target) that this script starts and stops.
# The routes are measured in alternating rounds and the medians reported, so that load from other
# processes on the machine weighs on all of them alike.
# Usage: bench/health-bench.sh [seconds per run (default 10)] [connections (default 64)] [rounds (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-10}
CONNECTIONS=${2:-64}
ROUNDS=${3:-3}
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
  SMTP_HOST=127.0.0.1 SMTP_PORT="$SMTP_STANDIN_PORT" SMTP_STARTTLS=disabled SMTP_FROM=bench@example.com \
  DISCORD_WEBHOOK_URL="http://127.0.0.1:$DISCORD_STANDIN_PORT/api/webhooks/1/bench-token" \
  HEALTH_PROBES="api=http://127.0.0.1:$PROBE_STANDIN_PORT/probe" \
  java ${BENCH_JAVA_OPTS:-} -jar target/exchange-analytics-infra-fat.jar >"$OUT/service.log" 2>&1 &
pids+=($!)

CONSTANT_URL="http://127.0.0.1:$CONSTANT_PORT/constant"
METERED_URL="http://127.0.0.1:$METERED_CONSTANT_PORT/constant"
LIVE_URL="http://127.0.0.1:$SERVICE_PORT/health/live"
HEALTH_URL="http://127.0.0.1:$SERVICE_PORT/health"
wait_http "$CONSTANT_URL"
wait_http "$LIVE_URL"
echo "checks configured: $(curl -s "$HEALTH_URL" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(", ".join(c["name"]+"="+c["status"] for c in r["checks"]))')"

# wrk prints "Requests/sec: N", a "99%" line with --latency, and the count of non-2xx answers.
run_wrk() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1" >"$OUT/wrk-$2-$3.txt" 2>&1
}

echo "warming up (5 s each)"
for url in "$CONSTANT_URL" "$METERED_URL" "$LIVE_URL" "$HEALTH_URL"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$url" >/dev/null 2>&1
done

echo "measuring: $ROUNDS rounds of $DURATION s per route, $CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores"
for round in $(seq 1 "$ROUNDS"); do
  run_wrk "$CONSTANT_URL" constant "$round"
  run_wrk "$METERED_URL" metered "$round"
  run_wrk "$LIVE_URL" live "$round"
  run_wrk "$HEALTH_URL" health "$round"
done

python3 - "$OUT" "$ROUNDS" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def figures(name):
    rps, p99, non2xx = [], [], 0
    for r in range(1, rounds + 1):
        text = open(f"{out}/wrk-{name}-{r}.txt").read()
        rps.append(float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)))
        value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", text).groups()
        p99.append(float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit])
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        non2xx += int(errors.group(1)) if errors else 0
    return statistics.median(rps), statistics.median(p99), rps, non2xx
constant = figures("constant")
rows = [("constant (plain Vert.x)", constant, "-"),
        ("constant, metrics on", figures("metered"), "-"),
        ("/health/live", figures("live"), "0.90"),
        ("/health", figures("health"), "0.70")]
print(f"\n{'route':<24}{'requests/s':>12}{'p99 ms':>10}{'ratio':>8}{'aim':>6}   requests/s per round")
for label, (rps, p99, each, _), aim in rows:
    print(f"{label:<24}{rps:>12.0f}{p99:>10.2f}{rps / constant[0]:>8.2f}{aim:>6}   "
          + " ".join(f"{v:.0f}" for v in each))
health_non2xx = rows[3][1][3]
if health_non2xx:
    print(f"(/health answered 503 to {health_non2xx} requests: a check is unhealthy, see above)")
PY

kill "$standins_pid" 2>/dev/null || true
wait "$standins_pid" 2>/dev/null || true
echo "calls that reached the stand-ins during the whole run (the result cache at work):"
grep -o 'stand-in.*' "$OUT/standins.log" || true

echo
echo "collection tick (OSHI, this machine):"
bench/run-java.sh com.exchangeanalytics.infra.bench.HealthBenchmark tick 20
