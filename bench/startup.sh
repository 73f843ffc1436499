#!/usr/bin/env bash
# Footprint benchmark: time from `java -jar` to the first 200 on /health/live, and resident memory
# one second later, for the service on its embedded defaults and for a minimal Vert.x server,
# side by side, default JVM flags. Usage: bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
port=18080

mvn -B -q -ntp package -DskipTests >/dev/null
jar=target/exchange-analytics-infra-fat.jar
cp_file=target/bench-classpath.txt
[ -s "$cp_file" ] || mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
data_dir=$(mktemp -d)
trap 'rm -rf "$data_dir"' EXIT

measure() { # label, command...
  local label=$1; shift
  local times=() rss=()
  for _ in $(seq "$runs"); do
    local start end pid
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 &
    pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/health/live"; do
      kill -0 "$pid" 2>/dev/null || { echo "$label exited before answering" >&2; exit 1; }
      sleep 0.01
    done
    end=$(date +%s%N)
    sleep 1
    rss+=("$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")")
    times+=("$(( (end - start) / 1000000 ))")
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  m=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-28s start %5s ms   RSS %4s MiB   (median of %s; runs: %s ms)\n' "$label" "$t" "$m" "$runs" "${times[*]}"
  eval "${label//[^a-z]/_}_t=$t; ${label//[^a-z]/_}_m=$m"
}

measure "minimal" java -cp "target/test-classes:$(cat "$cp_file")" \
  com.exchangeanalytics.infra.bench.MinimalServerBenchmark "$port"
HTTP_PORT=$port DATA_DIR=$data_dir measure "service" java -jar "$jar"

awk -v a="$service_t" -v b="$minimal_t" -v c="$service_m" -v d="$minimal_m" \
  'BEGIN {printf "service / minimal: start x%.2f, memory x%.2f\n", a/b, c/d}'
