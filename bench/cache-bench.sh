#!/usr/bin/env bash
# Cache benchmark: set/get through the event bus (CacheBenchmark) against the Redis at 127.0.0.1:6379,
# then redis-benchmark with the same operations and concurrency, printed side by side.
# Options are passed to CacheBenchmark, e.g. bench/cache-bench.sh --instances 2 --clients 2 --pool 16
# Environment: BENCH_REQUESTS (default 200000), BENCH_REDIS_HOST / BENCH_REDIS_PORT (127.0.0.1 / 6379).
set -euo pipefail
cd "$(dirname "$0")/.."
host=${BENCH_REDIS_HOST:-127.0.0.1}
port=${BENCH_REDIS_PORT:-6379}
requests=${BENCH_REQUESTS:-200000}

service_out=$(bench/run-java.sh com.exchangeanalytics.infra.bench.CacheBenchmark \
  --redis "redis://$host:$port" --requests "$requests" --concurrency 50 "$@")
echo "$service_out" | grep -v '^RESULT'

# redis-benchmark writes key:__rand_int__; remove it afterwards unless it was there before
had_key=$(redis-cli -h "$host" -p "$port" exists key:__rand_int__)
redis_out=$(redis-benchmark -h "$host" -p "$port" -t get,set -c 50 -n "$requests" -q 2>/dev/null | tr '\r' '\n')
[ "$had_key" = "0" ] && redis-cli -h "$host" -p "$port" del key:__rand_int__ >/dev/null
echo "redis-benchmark -t get,set -c 50 -n $requests -q:"
echo "$redis_out" | grep -E '^(SET|GET): [0-9.]+ requests per second'

echo
printf '%-5s %14s %14s %8s %16s %16s\n' op "service ops/s" "redis ops/s" ratio "service p50/p99" "redis p50"
for op in set get; do
  read -r _ _ ops p50 p99 _ < <(echo "$service_out" | grep "^RESULT $op ")
  upper=$(echo "$op" | tr a-z A-Z)
  line=$(echo "$redis_out" | grep -E "^$upper:" | tail -1)
  redis_ops=$(echo "$line" | sed -E 's/^[A-Z]+: ([0-9.]+) requests per second.*/\1/')
  redis_p50=$(echo "$line" | sed -nE 's/.*p50=([0-9.]+) msec.*/\1/p')
  ratio=$(awk -v a="$ops" -v b="$redis_ops" 'BEGIN { printf "%.2f", a / b }')
  printf '%-5s %14.0f %14.0f %8s %16s %16s\n' "$op" "$ops" "$redis_ops" "$ratio" "$p50/$p99 ms" "${redis_p50:-?} ms"
done
